import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { createEdge } from '../edge/edge-server';
import { createEdgeTracing } from '../edge/edge-tracing';
import { SERVICES as ROUTED_SERVICES } from '../edge/routes';
import { messagingDevEnv, serviceDevEnv } from './local-env';
import { startMailCatcher } from './mail-catcher';
import { resolveLocalBus } from './message-bus';
import { resolveLocalTracing } from './local-tracing';
import { DATA_DIR, provision } from './provision';
import { LOCAL_SERVICES } from './services';

const EDGE_PORT = Number(process.env.EDGE_PORT ?? 8080);

function prefixLines(child: ChildProcess, prefix: string): void {
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream! }).on('line', (line) => console.log(`[${prefix}] ${line}`));
}

/**
 * One service in watch mode: the Nest CLI's SWC builder (nest-cli.json) compiles its sources in well under a
 * second and restarts the process when the output changes. SWC does not type-check: startTypeChecker does.
 */
function startService(name: string, env: Record<string, string>): ChildProcess {
  // Its own process group, so Ctrl-C stops the Nest CLI and the app it spawned together.
  const child = spawn('node_modules/.bin/nest', ['start', name, '--watch', '--preserveWatchOutput'], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child, name.replace('-service', ''));
  return child;
}

/** What the type checker last said: `checking` until its first pass ends, then the number of errors. */
interface TypeCheckState {
  errors?: number;
}

/**
 * One `tsc --noEmit --watch` over the whole repository (tsconfig.json: every app, library, tool and test), its
 * diagnostics printed here as `[types]` lines, at a lower CPU priority so it does not slow the services' start.
 * Incremental: its state in .dev/ makes the next `npm run dev` check only what changed.
 */
function startTypeChecker(state: TypeCheckState): ChildProcess {
  const args = ['--noEmit', '--watch', '--preserveWatchOutput', '--pretty', '-p', 'tsconfig.json'];
  args.push('--incremental', '--tsBuildInfoFile', resolve('.dev', 'typecheck.tsbuildinfo'));
  mkdirSync('.dev', { recursive: true });
  const child = spawn('node_modules/.bin/tsc', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) setPriority(child.pid, 10);
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream! }).on('line', (line) => {
      const found = /Found (\d+) errors?\b/.exec(line);
      if (found) state.errors = Number(found[1]);
      if (line.trim()) console.log(`[types] ${line}`);
    });
  return child;
}

async function waitUntilReady(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * `npm run dev`: the message bus (AMQP_URL, else a local RabbitMQ when one answers, else none), a mail catcher,
 * a trace backend (OTEL_EXPORTER_OTLP_ENDPOINT, else the pinned Jaeger, else none), database, keys, seed, the
 * services in watch mode and the edge on :8080.
 */
async function main(): Promise<void> {
  // The type checker first (at a lower priority it takes only what the rest leaves), then the bus, the mail
  // catcher, the trace backend and the database together: none needs another, and each waits on its own start.
  const typeCheck: TypeCheckState = {};
  const typeChecker = startTypeChecker(typeCheck);
  const [busResult, mailResult, tracingResult, provisioned] = await Promise.allSettled([
    resolveLocalBus(),
    startMailCatcher({ mailDirectory: resolve(DATA_DIR, 'mail'), log: (line) => console.log(`[mail] ${line}`) }),
    resolveLocalTracing({ configDirectory: DATA_DIR, log: (line) => console.log(`[jaeger] ${line}`) }),
    provision(),
  ]);
  if (
    busResult.status === 'rejected' ||
    mailResult.status === 'rejected' ||
    tracingResult.status === 'rejected' ||
    provisioned.status === 'rejected'
  ) {
    if (typeChecker.pid) process.kill(-typeChecker.pid, 'SIGTERM');
    if (mailResult.status === 'fulfilled') await mailResult.value.stop();
    if (tracingResult.status === 'fulfilled') await tracingResult.value.stop();
    if (provisioned.status === 'fulfilled') await provisioned.value.database.stop();
    const failed = [busResult, mailResult, tracingResult, provisioned].find((result) => result.status === 'rejected');
    throw (failed as PromiseRejectedResult).reason;
  }
  const [bus, mail, tracing] = [busResult.value, mailResult.value, tracingResult.value];
  const { database, secrets, sharedEnv } = provisioned.value;
  console.log(`[dev] ${bus.notice}`);
  console.log(`[dev] ${tracing.notice}`);
  const traced: Record<string, string> = tracing.endpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: tracing.endpoint } : {};
  // Without a bus notification-service has nothing to consume; order-service keeps its events in the outbox.
  const services = LOCAL_SERVICES.filter((service) => bus.url || service.name !== 'notification-service');
  const messaging = { amqpUrl: bus.url, smtpUrl: mail.smtpUrl, shopUrl: `http://127.0.0.1:${EDGE_PORT}` };
  const children = services.map((service) =>
    startService(service.name, {
      ...sharedEnv,
      ...serviceDevEnv(service.name, secrets),
      ...messagingDevEnv(service.name, messaging),
      ...traced,
    }),
  );
  const edgeTracing = createEdgeTracing(traced);
  const edge = createEdge({ port: EDGE_PORT, tracing: edgeTracing });
  await new Promise<void>((resolve) => edge.listen(EDGE_PORT, '127.0.0.1', resolve));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[dev] stopping services, edge, mail catcher, trace backend and database...');
    for (const child of [...children, typeChecker]) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    edge.close();
    await Promise.all(
      [...children, typeChecker].map(
        (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      ),
    );
    await edgeTracing?.shutdown();
    await tracing.stop();
    await mail.stop();
    await database.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  const ready = await Promise.all(services.map((service) => waitUntilReady(service.port, 180_000)));
  if (stopping) return;
  console.log('\n[dev] ready:');
  services.forEach((service, index) => {
    const state = ready[index] ? 'ready' : 'NOT READY (see its log lines above)';
    console.log(`  ${service.name.padEnd(20)} http://127.0.0.1:${service.port}/health/ready  ${state}`);
  });
  if (!bus.url)
    console.log(`  ${'notification-service'.padEnd(20)} not started: no message bus (see the notice above)`);
  console.log(`  ${'edge'.padEnd(20)} http://127.0.0.1:${EDGE_PORT}  (routes like the Ingress)`);
  console.log(`  ${'mail catcher'.padEnd(20)} ${mail.webUrl}  (every mail sent; SMTP on ${mail.smtpUrl})`);
  if (tracing.uiUrl)
    console.log(`  ${'traces (Jaeger)'.padEnd(20)} ${tracing.uiUrl}  (API: ${tracing.uiUrl}/api/traces/<trace id>)`);
  for (const service of ROUTED_SERVICES)
    console.log(`  ${'API docs'.padEnd(20)} http://127.0.0.1:${EDGE_PORT}/docs/${service.name}`);
  const types =
    typeCheck.errors === undefined
      ? 'checking the whole repository in the background'
      : `${typeCheck.errors} error${typeCheck.errors === 1 ? '' : 's'}`;
  console.log(`  ${'type check'.padEnd(20)} ${types}  (tsc --watch: errors appear as [types] lines)`);
  console.log(`[dev] ${bus.notice}`);
  console.log(`[dev] ${tracing.notice}`);
  console.log('[dev] Ctrl-C stops everything.');
}

main().catch((error: unknown) => {
  console.error(`[dev] ${(error as Error).message}`);
  process.exit(1);
});
