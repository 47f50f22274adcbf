/**
 * `npm run bench [-- --shoppers N | --sweep 20,50,100,200] [--duration S] [--think-ms MS] ...`: virtual shoppers,
 * each with an account of its own and one session, visiting the shop (browse, search, view, add, cart, order,
 * pay, track) with think time, for a bounded time; a sweep repeats the measured window for each shopper count.
 * Prints requests/s, error rate (shed 503s and client timeouts apart) and p50/p95/p99 per endpoint, the targets
 * of issue 18, the CPU each process used, and writes everything to bench/results/mix-*.json. Without --base-url it
 * builds and starts the whole platform locally (four processes behind the edge). See docs/benchmarks.md, "The
 * shopper mix".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { MongoClient } from 'mongodb';
import { seed } from '../dev/seed';
import { buildServices, type Platform, startPlatform } from '../platform/platform';
import { freePort } from '../platform/free-port';
import { benchDatabase } from './bench-database';
import { runLoad } from './load';
import { benchCredentials, forEachLimited, insertAccounts, registerAccounts } from './mix/accounts';
import { type EndpointSummary, LatencyRecorder } from './mix/latency-recorder';
import { type BenchOptions, parseBenchOptions } from './mix/options';
import {
  checkTargets,
  endpointTable,
  summariseWindow,
  sweepTable,
  targetTable,
  type WindowSummary,
} from './mix/report';
import { ShopApi } from './mix/shop-api';
import { VirtualShopper } from './mix/virtual-shopper';
import { CpuMeter, pidListeningOn } from './process-cpu';
import { spawnServer } from './spawn-server';

interface Target {
  baseUrl: string;
  database: string;
  /** Creates the shoppers' accounts, outside any measured window. */
  createAccounts(accounts: ReturnType<typeof benchCredentials>): Promise<void>;
  catalogUrl?: string;
  /** The processes whose CPU each window reports (local runs). */
  processes: Record<string, number>;
  stop(): Promise<void>;
}

/** The production default; the accounts are hashed at the cost the service runs with. */
const BCRYPT_COST = 12;

/** The whole platform on this machine, with a catalog whose stock the run cannot exhaust. */
async function localTarget(options: BenchOptions): Promise<Target> {
  buildServices();
  const database = await benchDatabase((line) => console.log(line));
  // The benchmark measures the services, not the limiter: rate limits are lifted for this run only (every
  // shopper comes from 127.0.0.1). The login throttle counts failed logins only, and every shopper logs in with
  // its own right password: nothing to lift there. BCRYPT_COST stays the production 12.
  const env: Record<string, string> = {
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_AUTH_MAX: '100000000',
    RATE_LIMIT_SERVICE_MAX: '100000000',
    CART_MAX_QUANTITY_PER_LINE: '1000',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  let platform: Platform;
  try {
    platform = await startPlatform(database.uri, env);
  } catch (error) {
    await database.stop();
    throw error;
  }
  await seed(
    database.uri,
    {},
    { products: platform.databases['product-service'], users: platform.databases['user-service'] },
  );
  const client = await MongoClient.connect(database.uri);
  await client
    .db(platform.databases['product-service'])
    .collection('products')
    .updateMany({}, { $set: { stock: 10_000_000 } });
  await client.close();
  const processes: Record<string, number> = { benchmark: process.pid };
  for (const [name, service] of Object.entries(platform.services)) {
    const pid = pidListeningOn(service.port);
    if (pid) processes[name] = pid;
  }
  const databasePort = /^mongodb:\/\/[^/]*:(\d+)/.exec(database.uri)?.[1];
  const databasePid = databasePort ? pidListeningOn(Number(databasePort)) : undefined;
  if (databasePid && databasePid !== process.pid) processes.database = databasePid;
  return {
    baseUrl: platform.edgeUrl,
    database: database.description,
    createAccounts: (accounts) =>
      insertAccounts(
        database.uri,
        platform.databases['user-service'],
        accounts,
        Number(env.BCRYPT_COST ?? BCRYPT_COST),
      ),
    catalogUrl: `${platform.services['product-service'].url}/api/v1/products?page=1&pageSize=20`,
    processes,
    stop: async () => {
      await platform.stop();
      await database.stop();
    },
  };
}

function remoteTarget(baseUrl: string): Target {
  return {
    baseUrl,
    database: 'the deployed stack',
    // Two at a time: registrations hash at the full cost and must not crowd out anyone else's logins.
    createAccounts: (accounts) => registerAccounts(new ShopApi(baseUrl, new LatencyRecorder()), accounts, 2),
    processes: {},
    stop: async () => undefined,
  };
}

async function productIds(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v1/products?page=1&pageSize=50`);
  const body = (await response.json()) as { items?: { id: string }[]; data?: { id: string }[] };
  const ids = (body.items ?? body.data ?? []).map((product) => product.id);
  if (ids.length === 0) throw new Error(`no products at ${baseUrl}/api/v1/products (status ${response.status})`);
  return ids;
}

/** Every shopper logs in once, a few at a time, before anything is measured; the logins are reported apart. */
async function startSessions(target: Target, shoppers: VirtualShopper[], options: BenchOptions) {
  const recorder = new LatencyRecorder();
  const api = new ShopApi(target.baseUrl, recorder, options.timeoutMs);
  const started = performance.now();
  const deadline = Date.now() + 10 * 60_000;
  await forEachLimited(shoppers, options.loginConcurrency, async (shopper) => {
    await shopper.logIn(api, deadline);
  });
  const seconds = (performance.now() - started) / 1000;
  const missing = shoppers.filter((shopper) => !shopper.loggedIn).length;
  if (missing > 0) throw new Error(`${missing} shoppers could not log in (is user-service up?)`);
  const [row] = recorder.summary(seconds);
  return { logins: shoppers.length, seconds: Math.round(seconds * 10) / 10, ...row };
}

interface MeasuredWindow {
  summary: WindowSummary;
  rows: EndpointSummary[];
  targets: ReturnType<typeof checkTargets>;
  /** Cores each process used during the window. */
  cpu: Record<string, number>;
}

async function measureWindow(target: Target, shoppers: VirtualShopper[], options: BenchOptions) {
  const recorder = new LatencyRecorder();
  const api = new ShopApi(target.baseUrl, recorder, options.timeoutMs);
  const meter = new CpuMeter(target.processes);
  meter.start();
  const deadline = Date.now() + options.durationSeconds * 1000;
  await Promise.all(shoppers.map((shopper) => shopper.shopUntil(api, deadline)));
  const cpu = meter.stop();
  const rows = recorder.summary(options.durationSeconds);
  return {
    summary: summariseWindow(shoppers.length, rows, options.durationSeconds),
    rows,
    targets: checkTargets(rows),
    cpu,
  } satisfies MeasuredWindow;
}

/** Our catalog page against node:http writing the very same bytes: the framework's and our stack's overhead. */
async function catalogAgainstRaw(catalogUrl: string, connections: number, durationSeconds: number) {
  const body = await (await fetch(catalogUrl)).text();
  const port = await freePort();
  const raw = await spawnServer('tools/bench/servers/raw-http.ts', port, '/', { BENCH_BODY: body });
  try {
    const ours = await runLoad({ url: catalogUrl, durationSeconds, connections });
    const floor = await runLoad({ url: raw.url, durationSeconds, connections });
    return {
      bytes: Buffer.byteLength(body),
      ours,
      raw: floor,
      ratio: Math.round((ours.requestsPerSecond / floor.requestsPerSecond) * 100) / 100,
    };
  } finally {
    await raw.stop();
  }
}

const cpuLine = (cpu: Record<string, number>): string =>
  Object.entries(cpu)
    .map(([name, cores]) => `${name} ${cores}`)
    .join(', ');

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const most = Math.max(...options.shoppers);
  const target = options.baseUrl ? remoteTarget(options.baseUrl) : await localTarget(options);
  try {
    console.log(
      `shopper mix against ${target.baseUrl} (${target.database}): ${options.shoppers.join(', ')} shoppers, ` +
        `${options.durationSeconds} s each, think time ${options.thinkMs} ms (mean, exponential); ` +
        `load average before: ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
    );
    const accounts = benchCredentials(most);
    const setUpStarted = performance.now();
    await target.createAccounts(accounts);
    console.log(`${most} accounts created in ${Math.round(performance.now() - setUpStarted)} ms`);
    const ids = await productIds(target.baseUrl);
    const shoppers = accounts.map((account) => new VirtualShopper(account, ids, { thinkMs: options.thinkMs }));
    const sessions = await startSessions(target, shoppers, options);
    console.log(
      `${sessions.logins} sessions started (one login each, ${options.loginConcurrency} at a time) in ${sessions.seconds} s: ` +
        `${Math.round((sessions.logins / sessions.seconds) * 10) / 10} logins/s, p50 ${sessions.p50Ms} ms, p99 ${sessions.p99Ms} ms, ` +
        `${sessions.shed} shed`,
    );
    if (options.warmUpSeconds > 0) {
      const warmUp = new ShopApi(target.baseUrl, new LatencyRecorder(), options.timeoutMs);
      const deadline = Date.now() + options.warmUpSeconds * 1000;
      await Promise.all(shoppers.slice(0, options.shoppers[0]).map((shopper) => shopper.shopUntil(warmUp, deadline)));
    }
    const windows: MeasuredWindow[] = [];
    for (const count of options.shoppers) {
      const window = await measureWindow(target, shoppers.slice(0, count), options);
      windows.push(window);
      console.log(`\n### ${count} shoppers, ${options.durationSeconds} s\n\n${endpointTable(window.rows)}`);
      console.log(`\ntotal ${window.summary.requestsPerSecond} req/s, ${window.summary.paidPerSecond} paid orders/s`);
      if (Object.keys(window.cpu).length > 0) console.log(`CPU (cores): ${cpuLine(window.cpu)}`);
      console.log(`\n${targetTable(window.targets)}`);
    }
    if (windows.length > 1) console.log(`\n### Sweep\n\n${sweepTable(windows.map((window) => window.summary))}`);
    const catalog =
      options.catalogVsRaw && target.catalogUrl
        ? await catalogAgainstRaw(target.catalogUrl, options.shoppers[0], Math.min(options.durationSeconds, 10))
        : undefined;
    if (catalog)
      console.log(
        `\ncatalog page (${catalog.bytes} bytes): ${catalog.ours.requestsPerSecond} req/s vs raw node:http ${catalog.raw.requestsPerSecond} req/s = ${catalog.ratio}x`,
      );
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/mix-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage: loadavg() };
    writeFileSync(
      file,
      JSON.stringify(
        { baseUrl: target.baseUrl, database: target.database, machine, options, sessions, windows, catalog },
        null,
        2,
      ),
    );
    console.log(`\nwritten ${file}`);
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
