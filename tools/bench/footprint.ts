import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { resolveDatabase } from '../db/resolve-database';
import { ensureDevSecrets } from '../dev/dev-keys';
import { seed } from '../dev/seed';
import { LOCAL_SERVICES, type LocalServiceName } from '../dev/services';
import { freePort } from '../platform/free-port';
import { buildServices } from '../platform/platform';
import { databaseOf, platformEnv } from '../platform/platform-env';
import { mainOf } from '../platform/service-process';

/**
 * `npm run bench:footprint`: for each service, run from the built `dist/` as in a container (`node main.js`, the
 * system tests' production env: tools/platform/platform-env.ts), the time from process start to the first 200
 * of GET /health/ready, the RSS once idle after settling, and the peak RSS during a bounded burst of requests on
 * a cheap real route; median of FOOTPRINT_RUNS starts (default 3), one service at a time.
 * Settings: FOOTPRINT_SERVICES (comma list, default all five), FOOTPRINT_RUNS, FOOTPRINT_SETTLE_MS (default
 * 5000), FOOTPRINT_REQUESTS (burst size, default 2000) and FOOTPRINT_CONNECTIONS (default 20),
 * BENCH_NODE (the node binary the services run on; default this process's), BENCH_NODE_ARGS (flags for it, e.g.
 * `--max-old-space-size=192`: the heap a container's memory limit would give; V8 sizes the young generation
 * from it), BENCH_SKIP_BUILD=1 (else the
 * services are rebuilt first when their sources are newer than dist/, as for the system tests), `--profile`
 * (writes a V8 CPU profile of each service's first start, `--cpu-prof`, to bench/results/).
 * The database is resolved as for the other benchmarks; notification-service (ready only while it consumes)
 * needs a broker: AMQP_URL, else the machine's RabbitMQ on 127.0.0.1:5672, else it is left out.
 * Load targets 127.0.0.1 only.
 */
const runs = Number(process.env.FOOTPRINT_RUNS ?? 3);
const settleMs = Number(process.env.FOOTPRINT_SETTLE_MS ?? 5_000);
const burstRequests = Number(process.env.FOOTPRINT_REQUESTS ?? 2_000);
const burstConnections = Number(process.env.FOOTPRINT_CONNECTIONS ?? 20);
const nodeBinary = process.env.BENCH_NODE ?? process.execPath;
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const profile = process.argv.includes('--profile');
const READY_TARGET_MS = 1_500;
const IDLE_TARGET_MB = 150;
const CUSTOMER_ID = '65a000000000000000000001';

/** The cheap real route each service is loaded on (notification-service has no public route: its probe). */
const ROUTES: Record<LocalServiceName, { path: string; customer?: boolean }> = {
  'product-service': { path: '/api/v1/products?page=1&pageSize=20' },
  'user-service': { path: '/.well-known/jwks.json' },
  'cart-service': { path: '/api/v1/cart', customer: true },
  'order-service': { path: '/api/v1/orders?page=1&pageSize=20', customer: true },
  'notification-service': { path: '/health/ready' },
};

interface Start {
  readyMs: number;
  /** CPU time (user + system, all threads) the process used until ready: what the wall time is on an idle machine. */
  readyCpuMs: number;
  idleRssMb: number;
  loadedRssMb: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

interface Row {
  service: LocalServiceName;
  route: string;
  readyMs: number;
  readyRange: [number, number];
  readyCpuMs: number;
  idleRssMb: number;
  idleRange: [number, number];
  loadedRssMb: number;
  loadedRange: [number, number];
  starts: Start[];
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User plus system CPU time of a process and all its threads, in ms (fields 14 and 15 of /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
}

/** Resident set size of a process, in MB (VmRSS of /proc/<pid>/status). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

async function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function brokerUrl(): Promise<string | undefined> {
  if (process.env.AMQP_URL) return process.env.AMQP_URL;
  return (await answers('127.0.0.1', 5672)) ? 'amqp://guest:guest@127.0.0.1:5672' : undefined;
}

/** Starts one service process and resolves with the ms from spawn to its first 200 on /health/ready. */
async function startUntilReady(child: ChildProcess, started: number, url: string, output: string[]): Promise<number> {
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited (${child.exitCode ?? child.signalCode}):\n${output.join('').slice(-2000)}`);
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    await sleep(20);
  }
  throw new Error(`not ready within 60 s:\n${output.join('').slice(-2000)}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function measureStart(
  service: LocalServiceName,
  env: Record<string, string>,
  port: number,
  headers: Record<string, string>,
  profileDir?: string,
): Promise<Start> {
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const args = [...nodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), mainOf(service)];
  const started = performance.now();
  const child = spawn(nodeBinary, args, {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    const readyMs = Math.round(await startUntilReady(child, started, url, output));
    const readyCpuMs = cpuMs(child.pid!);
    await sleep(settleMs);
    const idleRssMb = rssMb(child.pid!);
    let peak = idleRssMb;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 50);
    const result = await autocannon({
      url: `${url}${ROUTES[service].path}`,
      amount: burstRequests,
      connections: burstConnections,
      headers,
    });
    clearInterval(sampler);
    const loadedRssMb = Math.max(peak, rssMb(child.pid!));
    return {
      readyMs,
      readyCpuMs,
      idleRssMb,
      loadedRssMb,
      requestsPerSecond: Math.round(result.requests.average),
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    };
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  const selected = (process.env.FOOTPRINT_SERVICES?.split(',').map((name) => name.trim()) ??
    LOCAL_SERVICES.map((service) => service.name)) as LocalServiceName[];
  if (process.env.BENCH_SKIP_BUILD !== '1') buildServices();
  const amqpUrl = await brokerUrl();
  const services = selected.filter((name) => name !== 'notification-service' || amqpUrl);
  if (services.length < selected.length) console.log('notification-service left out: no broker (AMQP_URL)');
  const database = await resolveDatabase({ log: (line) => console.log(line) });
  const secrets = ensureDevSecrets('.dev');
  const run = `fp${Date.now().toString(36)}`;
  const ports = Object.fromEntries(
    await Promise.all(LOCAL_SERVICES.map(async (service) => [service.name, await freePort()] as const)),
  ) as Record<LocalServiceName, number>;
  const envs = platformEnv({
    mongoUri: database.uri,
    secrets,
    run,
    ports,
    edgeUrl: 'http://127.0.0.1:9',
    // The burst comes from one address: the limiter still runs on every request, out of the way.
    extraEnv: { RATE_LIMIT_MAX: '1000000000', SHUTDOWN_DRAIN_MS: '0' },
    ...(amqpUrl ? { amqpUrl, smtpUrl: 'smtp://127.0.0.1:9' } : {}),
  });
  const customerToken = jwt.sign({ roles: ['customer'] }, readFileSync(secrets.privateKeyFile, 'utf8'), {
    algorithm: 'ES256',
    subject: CUSTOMER_ID,
    issuer: 'ecommerce-user-service',
    audience: 'ecommerce-api',
    expiresIn: 3_600,
  });
  const version = await new Promise<string>((resolve) => {
    const child = spawn(nodeBinary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', () => resolve(text.trim()));
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench/results', { recursive: true });
  const profileDir = profile ? `bench/results/footprint-${stamp}-profiles` : undefined;
  console.log(
    `footprint: Node ${version} (${[nodeBinary, ...nodeArgs].join(' ')}), ${runs} starts per service, settle ${settleMs} ms, burst ` +
      `${burstRequests} requests on ${burstConnections} connections; ${database.description}; load average ` +
      loadavg()
        .map((value) => value.toFixed(1))
        .join(' '),
  );
  const rows: Row[] = [];
  try {
    // The catalog page is served from a seeded catalog, as in the other benchmarks.
    await seed(database.uri, {}, { products: databaseOf(run, 'product-service'), users: `${run}_seed_users` });
    for (const service of services) {
      const headers: Record<string, string> = ROUTES[service].customer
        ? { authorization: `Bearer ${customerToken}` }
        : {};
      const starts: Start[] = [];
      for (let index = 0; index < runs; index += 1) {
        const start = await measureStart(
          service,
          envs[service]!,
          ports[service],
          headers,
          index === 0 ? profileDir : undefined,
        );
        console.log(
          `  ${service} #${index + 1}: ready ${start.readyMs} ms (${start.readyCpuMs} CPU-ms), idle ${start.idleRssMb} MB, loaded ` +
            `${start.loadedRssMb} MB (${start.requestsPerSecond} req/s, ${start.non2xx} non-2xx, ${start.errors} errors)`,
        );
        starts.push(start);
      }
      const pick = (key: 'readyMs' | 'readyCpuMs' | 'idleRssMb' | 'loadedRssMb') => starts.map((start) => start[key]);
      rows.push({
        service,
        route: ROUTES[service].path,
        readyMs: median(pick('readyMs')),
        readyRange: range(pick('readyMs')),
        readyCpuMs: median(pick('readyCpuMs')),
        idleRssMb: median(pick('idleRssMb')),
        idleRange: range(pick('idleRssMb')),
        loadedRssMb: median(pick('loadedRssMb')),
        loadedRange: range(pick('loadedRssMb')),
        starts,
      });
    }
  } finally {
    if (database.kind === 'MONGODB_URI') {
      const client = await MongoClient.connect(database.uri);
      for (const name of [...LOCAL_SERVICES.map((service) => databaseOf(run, service.name)), `${run}_seed_users`])
        await client.db(name).dropDatabase();
      await client.close();
    }
    await database.stop();
  }

  console.log(
    `\nNode ${version} ${nodeArgs.join(' ')}; median of ${runs} starts (min-max); targets: ready < 1.5 s, idle < 150 MB`,
  );
  console.log(
    '\n| service | ready ms | CPU ms to ready | idle RSS MB | loaded RSS MB (burst route) | within targets |\n' +
      '|---|---|---|---|---|---|',
  );
  for (const row of rows) {
    const ok = row.readyMs < READY_TARGET_MS && row.idleRssMb < IDLE_TARGET_MB;
    const failures = row.starts.reduce((sum, start) => sum + start.non2xx + start.errors, 0);
    console.log(
      `| ${row.service} | ${row.readyMs} (${row.readyRange.join('-')}) | ${row.readyCpuMs} | ${row.idleRssMb} (${row.idleRange.join('-')}) | ` +
        `${row.loadedRssMb} (${row.loadedRange.join('-')}; GET ${row.route}${failures ? `, ${failures} failed` : ''}) | ` +
        `${ok ? 'yes' : 'NO'} |`,
    );
  }
  const file = `bench/results/footprint-${stamp}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      {
        node: version,
        nodeArgs,
        runs,
        settleMs,
        burstRequests,
        burstConnections,
        loadavg: loadavg(),
        profileDir,
        rows,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten ${file}${profileDir ? ` (CPU profiles of the first starts: ${profileDir})` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
