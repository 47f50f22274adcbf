import jwt from 'jsonwebtoken';
import { loadPreviousPublicKeys, loadSigningKey } from '../../apps/user-service/src/tokens/signing-key';
import { AccessTokenVerifier } from '../../libs/auth/src/access-token-verifier';
import { SERVICE_NAMES, type ServiceName } from '../config/services';
import { serviceSecretEnvironment } from '../services/service-secrets';
import { testKeyPair } from './helpers/keys';

// The stack config at each step of docs/operations/jwt-key-rotation.md, rendered into the Secrets exactly as
// the program does, then read by the services' own code: user-service's key loading and libs/auth's verifier.
const OLD = testKeyPair('es256');
const NEW = testKeyPair('rs256');
const CLAIMS = { issuer: 'https://api.example.com', audience: 'ecommerce-api' };

interface Step {
  name: string;
  jwtPrivateKey: string;
  additionalPublicKeys: string[];
}
const BEFORE: Step = { name: 'before', jwtPrivateKey: OLD.privateKey, additionalPublicKeys: [] };
const STEPS: Step[] = [
  BEFORE,
  { name: '1 (new public key pre-published)', jwtPrivateKey: OLD.privateKey, additionalPublicKeys: [NEW.publicKey] },
  { name: '2 (private key switched)', jwtPrivateKey: NEW.privateKey, additionalPublicKeys: [OLD.publicKey] },
  { name: '4 (old public key removed)', jwtPrivateKey: NEW.privateKey, additionalPublicKeys: [] },
];

function secretOf(service: ServiceName, step: Step): Record<string, string> {
  return serviceSecretEnvironment(service, {
    mongodbUris: {
      'product-service': 'p',
      'user-service': 'u',
      'cart-service': 'c',
      'order-service': 'o',
      'notification-service': 'n',
    },
    jwtPrivateKey: step.jwtPrivateKey,
    amqpUrl: 'amqps://ecommerce:broker-password@b-1.mq.eu-west-1.amazonaws.com:5671',
    additionalJwtPublicKeys: step.additionalPublicKeys,
    clientSecrets: { 'cart-service': 'c', 'order-service': 'o', 'notification-service': 'n' },
    // Stripe's keys reach order-service only (payments.spec.ts); any string stands in here.
    stripe: { secretKey: 'sk-fixture', webhookSecret: 'whsec-fixture' },
  });
}

/** What a user-service pod started with this step's Secret does: refuse to start, or sign and publish keys. */
function userServicePod(step: Step) {
  const env = secretOf('user-service', step);
  const problems: string[] = [];
  const signingKey = loadSigningKey(env.JWT_PRIVATE_KEY, env.JWT_PUBLIC_KEY, problems);
  const previous = loadPreviousPublicKeys(env.JWT_PREVIOUS_PUBLIC_KEYS, problems);
  if (!signingKey || problems.length > 0) throw new Error(`user-service refuses to start: ${problems.join('; ')}`);
  return {
    jwksKeyIds: [signingKey.kid, ...previous.map((key) => key.kid)],
    sign: () =>
      jwt.sign({ roles: ['customer'] }, signingKey.privateKey, {
        algorithm: signingKey.algorithm,
        keyid: signingKey.kid,
        subject: 'user-1',
        ...CLAIMS,
        expiresIn: 900,
      }),
  };
}

const verifierPods = (step: Step) =>
  SERVICE_NAMES.map(
    (service) => new AccessTokenVerifier({ publicKey: secretOf(service, step).JWT_PUBLIC_KEY, ...CLAIMS }),
  );

describe('JWT key rotation with overlap, as the services run it', () => {
  it.each(STEPS.map((step) => [step.name, step] as const))(
    'step %s: user-service starts and publishes exactly the keys every service accepts',
    (_name, step) => {
      const pod = userServicePod(step);
      for (const verifier of verifierPods(step))
        expect([...verifier.keyIds].sort()).toEqual([...pod.jwksKeyIds].sort());
    },
  );

  it.each(STEPS.slice(1).map((step, i) => [STEPS[i].name, step.name, STEPS[i], step] as const))(
    'rolling from step %s to step %s: every token any user-service pod signs verifies on every pod',
    (_from, _to, from, to) => {
      const tokens = [userServicePod(from).sign(), userServicePod(to).sign()];
      for (const verifier of [...verifierPods(from), ...verifierPods(to)])
        for (const token of tokens) expect(verifier.verify(token)).toEqual({ id: 'user-1', roles: ['customer'] });
    },
  );

  it('rejects tokens of the old key once it is removed: why step 3 waits one access-token lifetime', () => {
    const signedBeforeTheSwitch = userServicePod(STEPS[1]).sign();
    for (const verifier of verifierPods(STEPS[3]))
      expect(() => verifier.verify(signedBeforeTheSwitch)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
  });

  it('without the overlap, a pod already on the new key mints tokens the others reject (the old 401 wave)', () => {
    const switchedAlone: Step = { name: 'new key only', jwtPrivateKey: NEW.privateKey, additionalPublicKeys: [] };
    const token = userServicePod(switchedAlone).sign();
    expect(() => verifierPods(BEFORE)[0].verify(token)).toThrow(expect.objectContaining({ code: 'TOKEN_INVALID' }));
  });
});
