import { loadPreviousPublicKeys, loadSigningKey } from '../../apps/user-service/src/tokens/signing-key';
import { SERVICE_NAMES } from '../config/services';
import { publicKeyOf } from '../services/service-secrets';
import { testKeyPair } from './helpers/keys';
import { reveal } from './helpers/mocks';
import { ofType, single, type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages, TEST_JWT_PRIVATE_KEY } from './helpers/stack-config';

// Staging mid-rotation, with the admin bootstrap switched off: what an operator gets from
//   pulumi config set --path 'jwt.additionalPublicKeys[0]' -- "$(cat previous.pem)"   (and [1])
//   pulumi config rm adminEmail                                                     (Pulumi.yaml's default '')
const previous = testKeyPair('rs256');
const other = testKeyPair('es256');
// Pasted with Windows line endings and surrounding blank lines: the program renders the canonical form.
const pasted = `\n${other.publicKey.replace(/\n/g, '\r\n')}\n`;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'), (config) => {
    const jwt = config['ecommerce:jwt'] as Record<string, unknown>;
    jwt.additionalPublicKeys = [previous.publicKey, pasted];
    config['ecommerce:adminEmail'] = '';
  });
});

const secretOf = (service: string) =>
  reveal(single(run, 'kubernetes:core/v1:Secret', `services-${service}`).inputs.stringData) as Record<string, string>;

describe('staging during a JWT key rotation, without an admin bootstrap', () => {
  it('gives every service the signing key’s public half first, then the additional keys', () => {
    for (const service of SERVICE_NAMES) {
      expect(secretOf(service).JWT_PUBLIC_KEY).toBe(
        publicKeyOf(TEST_JWT_PRIVATE_KEY) + previous.publicKey + other.publicKey,
      );
    }
  });

  it('lets user-service start with it and publish all three keys in its JWKS', () => {
    const env = secretOf('user-service');
    expect(env.JWT_PREVIOUS_PUBLIC_KEYS).toBe(previous.publicKey + other.publicKey);
    const problems: string[] = [];
    const signingKey = loadSigningKey(env.JWT_PRIVATE_KEY, env.JWT_PUBLIC_KEY, problems);
    const published = loadPreviousPublicKeys(env.JWT_PREVIOUS_PUBLIC_KEYS, problems);
    expect(problems).toEqual([]);
    expect(new Set([signingKey?.kid, ...published.map((k) => k.kid)]).size).toBe(3);
    for (const service of ['product-service', 'cart-service', 'order-service'])
      expect(secretOf(service)).not.toHaveProperty('JWT_PREVIOUS_PUBLIC_KEYS');
  });

  it('creates no admin password, sets no ADMIN_* key and exports no adminPassword', () => {
    expect(ofType(run, 'random:index/randomPassword:RandomPassword').map((r) => r.name)).not.toContain(
      'services-admin-password',
    );
    expect(Object.keys(secretOf('user-service')).filter((key) => key.startsWith('ADMIN_'))).toEqual([]);
    expect(run.outputs.adminPassword).toBeUndefined();
  });
});
