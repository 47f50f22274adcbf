import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { type FSWatcher, watch } from 'chokidar';
import { createEdge } from '../edge/edge-server';
import { createEdgeTracing } from '../edge/edge-tracing';
import { SERVICES as ROUTED_SERVICES } from '../edge/routes';
import { localAuthOf, messagingDevEnv, serviceDevEnv } from './local-env';
import { startMailCatcher } from './mail-catcher';
import { resolveLocalBus } from './message-bus';
import { resolveLocalTracing } from './local-tracing';
import { DATA_DIR, provision } from './provision';
import { LOCAL_SERVICES } from './services';
import { mainOf } from '../platform/service-process';

const EDGE_PORT = Number(process.env.EDGE_PORT ?? 8080);

function prefixLines(child: ChildProcess, prefix: string): void {
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream! }).on('line', (line) => console.log(`[${prefix}] ${line}`));
}

/**
 * The services' code, compiled by one Nest CLI run for all of them: SWC (nest-cli.json) in watch mode, into
 * dist/ as `npm run build` does, recompiling a changed file in milliseconds. It needs no settings, so it starts
 * at once, beside the database and the rest. The CLI compiles the apps one after another, in the order given,
 * each ending with one "Successfully compiled" line: `compiled[name]` resolves then, so a service can start
 * while the next one compiles. SWC does not type-check: startTypeChecker does.
 */
function startCompiler(names: string[]): { child: ChildProcess; compiled: Record<string, Promise<void>> } {
  const child = spawn('node_modules/.bin/nest', ['build', ...names, '--watch', '--preserveWatchOutput'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const settle = names.map(() => ({ done: () => {}, fail: (_error: Error) => {} }));
  const compiled = Object.fromEntries(
    names.map((name, index) => [
      name,
      new Promise<void>((done, fail) => {
        settle[index] = { done, fail };
      }),
    ]),
  );
  // A service left out (notification-service without a bus) has no one waiting on its promise.
  for (const promise of Object.values(compiled)) promise.catch(() => undefined);
  let count = 0;
  child.once('exit', (code) =>
    settle.forEach(({ fail }) => fail(new Error(`the compiler (nest build --watch) exited with ${code}`))),
  );
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream! }).on('line', (line) => {
      console.log(`[build] ${line}`);
      if (/Successfully compiled: /.test(line) && count < names.length) settle[(count += 1) - 1].done();
    });
  return { child, compiled };
}

/**
 * One service as a process of its own (`node --enable-source-maps main.js`, as nest start ran it), restarted
 * when its compiled output changes: an edit in its app, or in a library (every service restarts then).
 */
class WatchedService {
  private child?: ChildProcess;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    if (this.stopping) return;
    const prefix = this.name.replace('-service', '');
    const child = spawn(process.execPath, ['--enable-source-maps', mainOf(this.name)], {
      env: { ...process.env, ...this.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(child, prefix);
    child.once('exit', (code, signal) => {
      if (this.child === child && !this.stopping)
        console.log(`[${prefix}] exited (${code ?? signal}); it starts again on the next change`);
    });
    this.child = child;
    // Changes come in bursts (every file of a library edit): one restart, 100 ms after the last. chokidar, as
    // the Nest CLI uses: SWC writes each file anew (a temporary file renamed over it), which fs.watch loses.
    this.watcher ??= watch(`dist/apps/${this.name}`, { ignoreInitial: true }).on('all', (_event, file) => {
      if (!file.endsWith('.js')) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.restart(), 100);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.watcher?.close();
    clearTimeout(this.timer);
    await this.end();
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    await this.end();
    if (!this.stopping) this.start();
  }

  private async end(): Promise<void> {
    const child = this.child;
    this.child = undefined; // an exit from here on is ours, not a crash to report
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
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
 * services compiled in watch mode (SWC) and restarted on a change, one type checker, and the edge on :8080.
 */
async function main(): Promise<void> {
  // The type checker first (at a lower priority it takes only what the rest leaves), then the bus, the mail
  // catcher, the trace backend and the database together: none needs another, and each waits on its own start.
  const typeCheck: TypeCheckState = {};
  const typeChecker = startTypeChecker(typeCheck);
  const { child: compiler, compiled } = startCompiler(LOCAL_SERVICES.map((service) => service.name));
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
    if (compiler.pid) process.kill(-compiler.pid, 'SIGTERM');
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
  const running = services.map(
    (service) =>
      new WatchedService(service.name, {
        ...sharedEnv,
        ...serviceDevEnv(service.name, secrets),
        ...messagingDevEnv(service.name, messaging),
        ...traced,
      }),
  );
  // Each as soon as its code is compiled; a compiler that dies first leaves it NOT READY below, with its lines.
  for (const service of running)
    compiled[service.name].then(
      () => service.start(),
      () => undefined,
    );
  const edgeTracing = createEdgeTracing(traced);
  const edge = createEdge({
    port: EDGE_PORT,
    tracing: edgeTracing,
    auth: localAuthOf(sharedEnv),
    rateLimitOverride: process.env.EDGE_RATE_LIMIT,
  });
  await new Promise<void>((resolve) => edge.listen(EDGE_PORT, '127.0.0.1', resolve));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[dev] stopping services, edge, mail catcher, trace backend and database...');
    for (const child of [compiler, typeChecker]) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    edge.close();
    await Promise.all([
      ...running.map((service) => service.stop()),
      ...[compiler, typeChecker].map(
        (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      ),
    ]);
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
  console.log(
    `  ${'edge'.padEnd(20)} http://127.0.0.1:${EDGE_PORT}  (the gateway's routes, token check, limits and headers)`,
  );
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
