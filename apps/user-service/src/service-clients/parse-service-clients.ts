import { type Scope, SCOPES } from '@app/auth';

/** A service allowed to obtain tokens with the client-credentials grant (docs/contracts/internal-api.md). */
export interface ServiceClient {
  clientId: string;
  /** SHA-256 of the client's secret; the plaintext secret is never configured here. */
  secretSha256: Buffer;
  /** What its tokens may do (their `scope` claim): from the entry, else DEFAULT_SCOPES for its id, else none. */
  scopes: Scope[];
}

/**
 * Least privilege for the platform's own clients when an entry names no `scopes` (so SERVICE_CLIENTS written
 * before scopes existed keeps working): each gets exactly the internal routes it calls. Any other client gets
 * no scope unless its entry lists some.
 */
export const DEFAULT_SCOPES: Readonly<Record<string, readonly Scope[]>> = {
  'cart-service': ['products:read'],
  'order-service': ['stock:reserve', 'cart:clear'],
  'notification-service': ['users:contact'],
};

const CLIENT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const SHAPE = 'a JSON array of { "clientId", "secretSha256", "scopes"? }';

/**
 * Parses SERVICE_CLIENTS. Problems name the entry and the field, never a value: the variable is a secret.
 * (JSON.parse's own message is not reused because it quotes the input.)
 */
export function parseServiceClients(text: string | undefined, problems: string[]): ServiceClient[] {
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`SERVICE_CLIENTS is not valid JSON; expected ${SHAPE}`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push(`SERVICE_CLIENTS must be ${SHAPE}`);
    return [];
  }
  const clients = parsed.flatMap((entry: unknown, index) => parseEntry(entry, `SERVICE_CLIENTS[${index}]`, problems));
  const seen = new Set<string>();
  for (const { clientId } of clients) {
    if (seen.has(clientId)) problems.push(`SERVICE_CLIENTS lists the clientId "${clientId}" more than once`);
    seen.add(clientId);
  }
  return clients;
}

function parseEntry(entry: unknown, where: string, problems: string[]): ServiceClient[] {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`${where} must be an object { "clientId", "secretSha256", "scopes"? }`);
    return [];
  }
  const { clientId, secretSha256, scopes, ...rest } = entry as Record<string, unknown>;
  const before = problems.length;
  for (const field of Object.keys(rest)) {
    problems.push(
      field === 'clientSecret'
        ? `${where} has a plaintext clientSecret: configure only secretSha256 (hex SHA-256 of the secret)`
        : `${where} has an unknown field "${field}"`,
    );
  }
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))
    problems.push(`${where}.clientId must be 1-64 lower-case letters, digits, ".", "_" or "-"`);
  if (typeof secretSha256 !== 'string' || !SHA256_HEX.test(secretSha256))
    problems.push(`${where}.secretSha256 must be 64 hexadecimal characters (the SHA-256 of the secret)`);
  if (scopes !== undefined && !isScopeList(scopes))
    problems.push(`${where}.scopes must be an array of distinct scopes out of ${SCOPES.join(', ')}`);
  if (problems.length > before) return [];
  const id = clientId as string;
  return [
    {
      clientId: id,
      secretSha256: Buffer.from(secretSha256 as string, 'hex'),
      scopes: [...((scopes as Scope[] | undefined) ?? (Object.hasOwn(DEFAULT_SCOPES, id) ? DEFAULT_SCOPES[id] : []))],
    },
  ];
}

function isScopeList(value: unknown): value is Scope[] {
  return (
    Array.isArray(value) &&
    new Set(value).size === value.length &&
    value.every((scope) => (SCOPES as readonly unknown[]).includes(scope))
  );
}
