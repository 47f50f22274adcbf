import { createHash } from 'node:crypto';
import { parseServiceClients } from './parse-service-clients';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function parse(text: string | undefined): { clients: ReturnType<typeof parseServiceClients>; problems: string[] } {
  const problems: string[] = [];
  return { clients: parseServiceClients(text, problems), problems };
}

describe('SERVICE_CLIENTS', () => {
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
      'SERVICE_CLIENTS[1] must be an object { "clientId", "secretSha256" }',
      'SERVICE_CLIENTS[2] has an unknown field "scope"',
      'SERVICE_CLIENTS[2].secretSha256 must be 64 hexadecimal characters (the SHA-256 of the secret)',
      'SERVICE_CLIENTS lists the clientId "dup" more than once',
    ]);
  });

  it('refuses text that is not a JSON array without quoting it', () => {
    expect(parse('{"clientId": "secret-ish').problems).toEqual([
      'SERVICE_CLIENTS is not valid JSON; expected a JSON array of { "clientId", "secretSha256" }',
    ]);
    expect(parse('{}').problems).toEqual(['SERVICE_CLIENTS must be a JSON array of { "clientId", "secretSha256" }']);
  });
});
