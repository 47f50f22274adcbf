import { type EnvReader } from '@app/config';
import { passwordPolicyViolations } from './passwords/password-policy';
import { parseServiceClients, type ServiceClient } from './service-clients/parse-service-clients';
import { loadPreviousPublicKeys, loadSigningKey, type SigningKey } from './tokens/signing-key';
import { type PublicJwk } from './tokens/jwk';

/** The lowest bcrypt cost accepted with NODE_ENV=production; tests and development may go down to 4. */
export const PRODUCTION_MIN_BCRYPT_COST = 10;
const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What only user-service reads (docs/decisions/0009-identity.md). Holds secrets: never log it. */
export class UserSettings {
  signingKey: SigningKey;
  /** Earlier signing keys, published in the JWKS during a key rotation. */
  previousPublicKeys: PublicJwk[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  bcryptCost: number;
  /** Worker threads that run bcrypt; 0 runs it on the event loop. */
  bcryptWorkers: number;
  serviceClients: ServiceClient[];
  /** The first admin, created at start-up when both variables are set and the account does not exist. */
  bootstrapAdmin?: { email: string; password: string };
  /** Most bcrypt jobs waiting or running at once; more answer 503 LOGIN_BUSY (BCRYPT_QUEUE_MAX). */
  bcryptQueueMax: number;
  /** Longest a session lives from its login, however often it is refreshed. */
  sessionAbsoluteTtlSeconds: number;
  /** Login throttling (docs/decisions/0017-account-protection.md). */
  login: {
    /** Failures per (account, address) before each further attempt has to wait. */
    freeFailures: number;
    /** The first wait; it doubles with every further failure, up to delayMaxSeconds. */
    delayBaseSeconds: number;
    delayMaxSeconds: number;
    /** Failure counts lose half their weight every this many seconds. */
    failureHalfLifeSeconds: number;
    /** Failures from one address, across all accounts, at which that address is refused (credential stuffing). */
    ipMaxFailures: number;
    /** Distinct addresses failing on one account within the window that lock it; 0 never locks. */
    attackDistinctIps: number;
    attackWindowSeconds: number;
    attackLockSeconds: number;
  };
}

export function readUserSettings(env: EnvReader): UserSettings {
  const problems: string[] = [];
  const production =
    env.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'production') === 'production';
  const settings = new UserSettings();
  settings.signingKey = loadSigningKey(
    env.pem('JWT_PRIVATE_KEY', true),
    env.pem('JWT_PUBLIC_KEY', false),
    problems,
  ) as SigningKey;
  settings.previousPublicKeys = loadPreviousPublicKeys(env.pem('JWT_PREVIOUS_PUBLIC_KEYS', false), problems);
  settings.accessTokenTtlSeconds = env.int('ACCESS_TOKEN_TTL_SECONDS', { default: 900, min: 60, max: 3600 });
  settings.refreshTokenTtlSeconds = env.int('REFRESH_TOKEN_TTL_SECONDS', {
    default: 14 * 24 * 3600,
    min: 300,
    max: 90 * 24 * 3600,
  });
  settings.bcryptCost = env.int('BCRYPT_COST', {
    default: 12,
    min: production ? PRODUCTION_MIN_BCRYPT_COST : 4,
    max: 15,
  });
  settings.bcryptWorkers = env.int('BCRYPT_WORKERS', { default: 2, min: 0, max: 16 });
  settings.serviceClients = parseServiceClients(env.optionalString('SERVICE_CLIENTS'), problems);
  settings.bootstrapAdmin = readBootstrapAdmin(env, problems);
  settings.bcryptQueueMax = env.int('BCRYPT_QUEUE_MAX', { default: 64, min: 1, max: 10_000 });
  settings.sessionAbsoluteTtlSeconds =
    env.int('SESSION_ABSOLUTE_TTL_HOURS', { default: 30 * 24, min: 1, max: 365 * 24 }) * 3600;
  settings.login = {
    freeFailures: env.int('LOGIN_FREE_FAILURES', { default: 3, min: 1, max: 100 }),
    delayBaseSeconds: env.int('LOGIN_DELAY_BASE_SECONDS', { default: 2, min: 1, max: 60 }),
    delayMaxSeconds: env.int('LOGIN_DELAY_MAX_SECONDS', { default: 900, min: 1, max: 86_400 }),
    failureHalfLifeSeconds: env.int('LOGIN_FAILURE_HALF_LIFE_SECONDS', { default: 900, min: 1, max: 86_400 }),
    ipMaxFailures: env.int('LOGIN_IP_MAX_FAILURES', { default: 50, min: 1, max: 1_000_000 }),
    attackDistinctIps: env.int('LOGIN_ATTACK_DISTINCT_IPS', { default: 20, min: 0, max: 100_000 }),
    attackWindowSeconds: env.int('LOGIN_ATTACK_WINDOW_SECONDS', { default: 3600, min: 1, max: 86_400 }),
    attackLockSeconds: env.int('LOGIN_ATTACK_LOCK_SECONDS', { default: 900, min: 1, max: 86_400 }),
  };
  // Reported with the shared settings' problems, in the one error loadServiceConfig throws.
  for (const problem of problems) env.problem(problem);
  return settings;
}

function readBootstrapAdmin(env: EnvReader, problems: string[]): UserSettings['bootstrapAdmin'] {
  const email = env.optionalString('ADMIN_EMAIL')?.toLowerCase();
  const password = env.optionalString('ADMIN_PASSWORD');
  if (!email && !password) return undefined;
  if (!email || !password) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither)');
    return undefined;
  }
  if (!SIMPLE_EMAIL.test(email) || email.length > 254) problems.push('ADMIN_EMAIL is not an email address');
  // The messages describe the rule, never the value.
  for (const violation of passwordPolicyViolations(password, email))
    problems.push(`ADMIN_PASSWORD does not meet the password policy: ${violation}`);
  return { email, password };
}
