import { createHash } from 'node:crypto';
import { parseServiceClients } from './parse-service-clients';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function parse(text: string | undefined): { clients: ReturnType<typeof parseServiceClients>; problems: string[] } {
  const problems: string[] = [];
  return { clients: parseServiceClients(text, problems), problems };
}

describe('SERVICE_CLIENTS', () => {
  it('gives each platform client its own scopes by default, and what an entry lists otherwise', () => {
    const { clients, problems } = parse(
      JSON.stringify([
        { clientId: 'cart-service', secretSha256: sha('a') },
        { clientId: 'order-service', secretSha256: sha('b') },
        { clientId: 'notification-service', secretSha256: sha('c') },
        { clientId: 'reporting', secretSha256: sha('d') },
        { clientId: 'constructor', secretSha256: sha('e') },
        { clientId: 'auditor', secretSha256: sha('f'), scopes: ['products:read'] },
        { clientId: 'mute', secretSha256: sha('g'), scopes: [] },
      ]),
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(clients.map((client) => [client.clientId, client.scopes]))).toEqual({
      'cart-service': ['products:read'],
      'order-service': ['stock:reserve', 'cart:clear'],
      'notification-service': ['users:contact'],
      reporting: [],
      constructor: [],
      auditor: ['products:read'],
      mute: [],
    });
  });

  it('refuses scopes that do not exist or repeat', () => {
    const { problems } = parse(
      JSON.stringify([
        { clientId: 'a', secretSha256: sha('a'), scopes: ['admin'] },
        { clientId: 'b', secretSha256: sha('b'), scopes: 'products:read' },
        { clientId: 'c', secretSha256: sha('c'), scopes: ['products:read', 'products:read'] },
      ]),
    );
    const rule = 'must be an array of distinct scopes out of products:read, stock:reserve, cart:clear, users:contact';
    expect(problems).toEqual([0, 1, 2].map((index) => `SERVICE_CLIENTS[${index}].scopes ${rule}`));
  });

  it('reads clients with hashed secrets, and none when unset', () => {
    const { clients, problems } = parse(
      JSON.stringify([
        { clientId: 'cart-service', secretSha256: sha('a') },
        { clientId: 'order-service', secretSha256: sha('b').toUpperCase() },
      ]),
    );
    expect(problems).toEqual([]);
    expect(clients.map((client) => client.clientId)).toEqual(['cart-service', 'order-service']);
    expect(clients[1].secretSha256.toString('hex')).toBe(sha('b'));
    expect(parse(undefined)).toEqual({ clients: [], problems: [] });
  });

  it('refuses a plaintext secret and names the entry without echoing any value', () => {
    const { clients, problems } = parse(
      JSON.stringify([{ clientId: 'cart-service', clientSecret: 'hunter2-hunter2' }]),
    );
    expect(clients).toEqual([]);
    expect(problems).toEqual([
      'SERVICE_CLIENTS[0] has a plaintext clientSecret: configure only secretSha256 (hex SHA-256 of the secret)',
      'SERVICE_CLIENTS[0].secretSha256 must be 64 hexadecimal characters (the SHA-256 of the secret)',
    ]);
    expect(problems.join(' ')).not.toContain('hunter2');
  });

  it('names every malformed entry, unknown field and duplicate', () => {
    const { problems } = parse(
      JSON.stringify([
        { clientId: 'Cart Service!', secretSha256: sha('a') },
        'cart-service',
        { clientId: 'x', secretSha256: 'abc', scope: 'all' },
        { clientId: 'dup', secretSha256: sha('a') },
        { clientId: 'dup', secretSha256: sha('b') },
      ]),
    );
    expect(problems).toEqual([
      'SERVICE_CLIENTS[0].clientId must be 1-64 lower-case letters, digits, ".", "_" or "-"',
      'SERVICE_CLIENTS[1] must be an object { "clientId", "secretSha256", "scopes"? }',
      'SERVICE_CLIENTS[2] has an unknown field "scope"',
      'SERVICE_CLIENTS[2].secretSha256 must be 64 hexadecimal characters (the SHA-256 of the secret)',
      'SERVICE_CLIENTS lists the clientId "dup" more than once',
    ]);
  });

  it('refuses text that is not a JSON array without quoting it', () => {
    expect(parse('{"clientId": "secret-ish').problems).toEqual([
      'SERVICE_CLIENTS is not valid JSON; expected a JSON array of { "clientId", "secretSha256", "scopes"? }',
    ]);
    expect(parse('{}').problems).toEqual([
      'SERVICE_CLIENTS must be a JSON array of { "clientId", "secretSha256", "scopes"? }',
    ]);
  });
});
