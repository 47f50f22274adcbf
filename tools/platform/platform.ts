import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server } from 'node:http';
import { createEdge } from '../edge/edge-server';
import { createEdgeTracing } from '../edge/edge-tracing';
import { SERVICES as ROUTED_SERVICES, type ServiceName } from '../edge/routes';
import { type DevSecrets, ensureDevSecrets } from '../dev/dev-keys';
import { localAuthOf } from '../dev/local-env';
import { LOCAL_SERVICES, type LocalServiceName } from '../dev/services';
import { freePort } from './free-port';
import {
  databaseOf,
  exchangeOf,
  notificationQueueOf,
  platformEnv,
  type PlatformMessaging,
  platformServices,
} from './platform-env';
import { deleteRunTopology } from './run-exchange';
import { mainOf, ServiceProcess } from './service-process';

export type { PlatformMessaging } from './platform-env';

export interface Platform {
  edgeUrl: string;
  /** The database each service uses in this run. */
  databases: Record<LocalServiceName, string>;
  /** This run's exchange (AMQP_EXCHANGE of order- and notification-service) and notification-service's queue
   * (with the run's AMQP_QUEUE_PREFIX; `.dead` after it is its dead-letter queue). stop() deletes both, with the
   * retry, dead-letter and unrouted queues, from the broker. */
  exchange: string;
  notificationQueue: string;
  /** This run's signing key and service client secrets (tests sign edge-case tokens with them). */
  secrets: DevSecrets;
  /** The routed services always; notification-service when the run has a bus (`amqpUrl`). Each can be stopped
   * (`stop('SIGKILL')`) and started again with the same port and env (`start()`, or `restart(signal)`). */
  services: Record<ServiceName, ServiceProcess> & Partial<Record<'notification-service', ServiceProcess>>;
  stop(): Promise<void>;
}

/** What the build reads besides the sources: a change to any of them makes every service's build stale. */
const BUILD_INPUTS = ['apps', 'libs', 'nest-cli.json', '.swcrc', 'tsconfig.json', 'package-lock.json'];

/**
 * Builds the services with the Nest CLI (SWC, a few seconds for all five; docs/decisions/0020-swc-builds.md), as
 * the images do, unless a build newer than every source and build setting exists. It does not type-check:
 * `npm test` runs `npm run typecheck` before the tests.
 */
export function buildServices(): void {
  const stale = LOCAL_SERVICES.some(
    (service) => !existsSync(mainOf(service.name)) || statSync(mainOf(service.name)).mtimeMs < newestSource(),
  );
  if (stale) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

function newestSource(): number {
  const output = execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard', ...BUILD_INPUTS], {
    encoding: 'utf8',
  });
  const changed = output.split('\n').filter((file) => file !== '' && existsSync(file));
  const committed =
    Number(
      execFileSync('git', ['log', '-1', '--format=%ct', '--', ...BUILD_INPUTS], { encoding: 'utf8' }).trim() || 0,
    ) * 1000;
  return Math.max(committed, ...changed.map((file) => statSync(file).mtimeMs));
}

/**
 * The services as separate OS processes (the built output, as in a container) on free ports, with database
 * names and an exchange of their own per run, behind the local edge: the system as a shopper's client sees it.
 * Used by the system tests and the load benchmark. `extraEnv` goes to every service (its EDGE_RATE_LIMIT, if
 * any, to the edge: off by default); `messaging` gives the run a broker and an SMTP server (order-service
 * publishes to the run's exchange, notification-service mails). The edge applies the gateway's route table and
 * token check (tools/edge), against this run's user-service.
 */
export async function startPlatform(
  mongoUri: string,
  extraEnv: Record<string, string> = {},
  messaging: PlatformMessaging = {},
): Promise<Platform> {
  const names = platformServices(messaging);
  const secrets = ensureDevSecrets(mkdtempSync(join(tmpdir(), 'platform-keys-')));
  // Time plus randomness: two runs started in the same millisecond on one database server or broker still differ.
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const ports = Object.fromEntries(
    await Promise.all(LOCAL_SERVICES.map(async (service) => [service.name, await freePort()] as const)),
  ) as Record<LocalServiceName, number>;
  // Chosen before the services start: notification-service links to the shop (the edge) in its mails.
  const edgePort = await freePort();
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const envs = platformEnv({ mongoUri, secrets, run, ports, edgeUrl, extraEnv, ...messaging });
  const services = Object.fromEntries(
    names.map((name) => [name, new ServiceProcess(name, ports[name], envs[name]!)]),
  ) as Platform['services'];
  // The edge traces like the services when the run's env gives them an OTLP endpoint (OTEL_* in extraEnv).
  const tracing = createEdgeTracing(extraEnv);
  const edge: Server = createEdge({
    port: 0,
    tracing,
    auth: localAuthOf(envs['user-service']!),
    // A run plays many shoppers from one address (127.0.0.1): the per-address limit is off unless the run sets it.
    rateLimitOverride: extraEnv.EDGE_RATE_LIMIT ?? 'off',
    targets: Object.fromEntries(
      ROUTED_SERVICES.map((service) => [service.name, { host: '127.0.0.1', port: ports[service.name] }]),
    ),
  });
  const exchange = exchangeOf(run);
  const notificationQueue = notificationQueueOf(run, extraEnv);
  // The services' defaults (libs/config) unless this run changes them: they name the retry queues.
  const retry = {
    retryBaseMs: Number(extraEnv.AMQP_RETRY_BASE_MS ?? 1_000),
    maxAttempts: Number(extraEnv.AMQP_MAX_ATTEMPTS ?? 5),
  };
  const stop = async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await new Promise((resolve) => edge.close(resolve));
    await tracing?.shutdown();
    // Best effort: a test may have taken its broker (or the proxy in front of it) away by now.
    if (messaging.amqpUrl)
      await deleteRunTopology(messaging.amqpUrl, exchange, { names: [notificationQueue], ...retry }).catch(
        (error: unknown) =>
          console.warn(`platform: could not delete ${exchange} from the broker: ${(error as Error).message}`),
      );
  };
  try {
    await Promise.all(Object.values(services).map((service) => service.start()));
    await new Promise<void>((resolve) => edge.listen(edgePort, '127.0.0.1', resolve));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    edgeUrl,
    databases: Object.fromEntries(
      LOCAL_SERVICES.map((service) => [service.name, databaseOf(run, service.name)]),
    ) as Record<LocalServiceName, string>,
    exchange,
    notificationQueue,
    secrets,
    services,
    stop,
  };
}
