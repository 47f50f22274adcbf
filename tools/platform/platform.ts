import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server } from 'node:http';
import { createEdge } from '../edge/edge-server';
import { SERVICES, type ServiceName } from '../edge/routes';
import { type DevSecrets, ensureDevSecrets } from '../dev/dev-keys';
import { serviceDevEnv, sharedDevEnv } from '../dev/local-env';
import { freePort } from './free-port';
import { mainOf, ServiceProcess } from './service-process';

export interface Platform {
  edgeUrl: string;
  /** The database each service uses in this run. */
  databases: Record<ServiceName, string>;
  /** This run's signing key and service client secrets (tests sign edge-case tokens with them). */
  secrets: DevSecrets;
  services: Record<ServiceName, ServiceProcess>;
  stop(): Promise<void>;
}

/** Builds the four services with the Nest CLI, as the images do, unless a build newer than the sources exists. */
export function buildServices(): void {
  const stale = SERVICES.some(
    (service) => !existsSync(mainOf(service.name)) || statSync(mainOf(service.name)).mtimeMs < newestSource(),
  );
  if (stale) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

function newestSource(): number {
  const output = execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard', 'apps', 'libs'], {
    encoding: 'utf8',
  });
  const changed = output.split('\n').filter((file) => file.endsWith('.ts') && existsSync(file));
  const committed =
    Number(execFileSync('git', ['log', '-1', '--format=%ct', '--', 'apps', 'libs'], { encoding: 'utf8' }).trim() || 0) *
    1000;
  return Math.max(committed, ...changed.map((file) => statSync(file).mtimeMs));
}

/**
 * Locally payments go through the sandbox, which refuses NODE_ENV=production (it moves no money): order-service
 * runs as `test`, with no local env file (ENV_FILE=/dev/null) so it reads only what is given here.
 */
const LOCAL_PAYMENTS = { NODE_ENV: 'test', ENV_FILE: '/dev/null', PAYMENT_PROVIDER: 'sandbox' };

/**
 * The four services as separate OS processes (the built output, as in a container) on free ports, with database
 * names of their own per run, behind the local edge: the system as a shopper's client sees it. Used by the system
 * tests and the load benchmark.
 */
export async function startPlatform(mongoUri: string, extraEnv: Record<string, string> = {}): Promise<Platform> {
  const secrets = ensureDevSecrets(mkdtempSync(join(tmpdir(), 'platform-keys-')));
  const run = Date.now().toString(36);
  const ports = Object.fromEntries(
    await Promise.all(SERVICES.map(async (service) => [service.name, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const shared = {
    ...sharedDevEnv(mongoUri, secrets),
    NODE_ENV: 'production',
    USER_SERVICE_URL: `http://127.0.0.1:${ports['user-service']}`,
    PRODUCT_SERVICE_URL: `http://127.0.0.1:${ports['product-service']}`,
    CART_SERVICE_URL: `http://127.0.0.1:${ports['cart-service']}`,
    ...extraEnv,
  };
  const databases = Object.fromEntries(
    SERVICES.map((service) => [service.name, `system_${run}_${service.name.split('-')[0]}`]),
  ) as Record<ServiceName, string>;
  const services = Object.fromEntries(
    SERVICES.map((service) => {
      const env = {
        ...shared,
        ...serviceDevEnv(service.name, secrets),
        MONGODB_DB_NAME: databases[service.name],
        ...(service.name === 'order-service' ? LOCAL_PAYMENTS : {}),
      };
      return [service.name, new ServiceProcess(service.name, ports[service.name], env)];
    }),
  ) as Record<ServiceName, ServiceProcess>;
  const edge: Server = createEdge({
    port: 0,
    targets: Object.fromEntries(
      SERVICES.map((service) => [service.name, { host: '127.0.0.1', port: ports[service.name] }]),
    ),
  });
  const stop = async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await new Promise((resolve) => edge.close(resolve));
  };
  try {
    await Promise.all(Object.values(services).map((service) => service.start()));
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    edgeUrl: `http://127.0.0.1:${(edge.address() as { port: number }).port}`,
    databases,
    secrets,
    services,
    stop,
  };
}
