import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { SERVICES, type ServiceName } from '../edge/routes';
import { type DevSecrets } from './dev-keys';

const url = (name: ServiceName) => `http://127.0.0.1:${SERVICES.find((service) => service.name === name)!.port}`;

/** Settings every service shares locally; written to .dev/local.env for `nest start <app> --watch`. */
export function sharedDevEnv(mongoUri: string, secrets: DevSecrets): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    MONGODB_URI: mongoUri,
    JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile,
    // The local edge is one proxy hop in front of every service, as the ALB is in the cluster.
    TRUST_PROXY: '1',
    SHUTDOWN_DRAIN_MS: '0',
    USER_SERVICE_URL: url('user-service'),
    PRODUCT_SERVICE_URL: url('product-service'),
    CART_SERVICE_URL: url('cart-service'),
  };
}

/** What one service gets on top of the shared settings: its port, and its own secrets. */
export function serviceDevEnv(name: ServiceName, secrets: DevSecrets): Record<string, string> {
  const env: Record<string, string> = { PORT: String(SERVICES.find((service) => service.name === name)!.port) };
  if (name === 'user-service') {
    env.JWT_PRIVATE_KEY_FILE = secrets.privateKeyFile;
    // user-service holds only hashes of the client secrets (docs/contracts/internal-api.md).
    env.SERVICE_CLIENTS = JSON.stringify(
      secrets.serviceClients.map(({ clientId, clientSecret }) => ({
        clientId,
        secretSha256: createHash('sha256').update(clientSecret).digest('hex'),
      })),
    );
  }
  const client = secrets.serviceClients.find((candidate) => candidate.clientId === name);
  if (client) {
    env.SERVICE_CLIENT_ID = client.clientId;
    env.SERVICE_CLIENT_SECRET = client.clientSecret;
  }
  return env;
}

export function writeEnvFile(file: string, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  writeFileSync(
    file,
    `# Written by npm run db / npm run dev for local development. Do not commit.\n${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
}
