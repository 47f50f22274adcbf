/**
 * `npm run bench:edge [-- --sequential N --concurrent M --workers W]`: the latency the gateway's checks add, on
 * this machine. The services run as separate processes from their built output (tools/platform) on the resolved
 * database; the edge (tools/edge: the gateway's route table, token check against user-service's JWKS, headers;
 * per-address limit off, as one address plays every client) runs in a process of its own, so its CPU is its own.
 * Two reads, each direct to the service and through the edge, interleaved so both see the same machine:
 * (a) a public catalog page (product-service, no token check), (b) GET /api/v1/cart with a valid access token
 * (the edge verifies it, then cart-service again). N sequential requests each, then M more from W concurrent
 * clients; prints p50/p90/p99, the difference, and the edge's CPU per request. 127.0.0.1 only; every phase is
 * bounded in count and in time (PHASE_LIMIT_MS). Writes bench/results/edge-latency-*.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { seed } from '../dev/seed';
import { LOCAL_JWT } from '../dev/local-env';
import { createEdge } from '../edge/edge-server';
import { SERVICES, type ServiceName } from '../edge/routes';
import { buildServices, type Platform, startPlatform } from '../platform/platform';
import { benchDatabase } from './bench-database';
import { cpuSeconds } from './process-cpu';
import { spawnServer } from './spawn-server';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  const value = Number(index > 0 ? process.argv[index + 1] : fallback);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new Error(`--${name} must be 1-100000`);
  return value;
};
/** This file also runs the edge, in its own process, when started with this role. */
const EDGE_ROLE = 'edge-latency-edge';
const PHASE_LIMIT_MS = 120_000;
const WARM_UP_REQUESTS = 200;
const CATALOG_PATH = '/api/v1/products?pageSize=20';
const CART_PATH = '/api/v1/cart';

/** The edge's process: the gateway's table and checks in front of the run's services (EDGE_TARGETS, EDGE_AUTH). */
function serveEdge(): void {
  const edge = createEdge({
    port: Number(process.env.PORT),
    targets: JSON.parse(process.env.EDGE_TARGETS!) as Record<ServiceName, { host: string; port: number }>,
    auth: JSON.parse(process.env.EDGE_AUTH!) as { issuer: string; audience: string },
    rateLimitOverride: 'off',
  });
  edge.listen(Number(process.env.PORT), '127.0.0.1');
  process.once('SIGTERM', () => edge.close(() => process.exit(0)));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** One request, its body read to the end; its latency in ms. A non-2xx answer fails the run: it measures nothing. */
async function timed(target: Target): Promise<number> {
  const started = performance.now();
  const response = await fetch(target.url, { headers: target.headers });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`${target.name}: ${response.status} from ${target.url}`);
  return elapsed;
}

/** `count` requests per target, alternating between the targets, `workers` at a time; bounded by PHASE_LIMIT_MS. */
async function measure(targets: Target[], count: number, workers: number): Promise<Map<string, number[]>> {
  const samples = new Map(targets.map((target) => [target.name, [] as number[]]));
  const deadline = Date.now() + PHASE_LIMIT_MS;
  let next = 0;
  const total = count * targets.length;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total && Date.now() < deadline) {
        const target = targets[next % targets.length];
        next += 1;
        samples.get(target.name)!.push(await timed(target));
      }
    }),
  );
  return samples;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (value: number) => Math.round(value * 100) / 100;

interface Row {
  read: string;
  mode: string;
  requests: number;
  direct: { p50: number; p90: number; p99: number };
  edge: { p50: number; p90: number; p99: number };
  added: { p50: number; p90: number; p99: number };
  edgeCpuMsPerRequest: number;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)) };
}

async function customerToken(platform: Platform): Promise<string> {
  const userService = platform.services['user-service'].url;
  const credentials = { email: `edge-bench-${randomUUID()}@bench.example`, password: `Bench-${randomUUID()}` };
  const post = (path: string, body: object) =>
    fetch(`${userService}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/api/v1/auth/register', { ...credentials, displayName: 'Edge bench' });
  const login = (await (await post('/api/v1/auth/login', credentials)).json()) as { accessToken?: string };
  if (typeof login.accessToken !== 'string') throw new Error('edge bench: could not log in');
  return login.accessToken;
}

async function main(): Promise<void> {
  const sequential = argument('sequential', 2_000);
  const concurrent = argument('concurrent', 4_000);
  const workers = argument('workers', 8);
  buildServices();
  const database = await benchDatabase((line) => console.log(line));
  // The services' own limits and bcrypt are relaxed for this run only: it measures the edge, not them.
  const platform = await startPlatform(database.uri, {
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_AUTH_MAX: '100000000',
    BCRYPT_COST: '10',
    LOG_LEVEL: 'warn',
  });
  let edge: Awaited<ReturnType<typeof spawnServer>> | undefined;
  try {
    await seed(
      database.uri,
      {},
      { products: platform.databases['product-service'], users: platform.databases['user-service'] },
    );
    const targets = Object.fromEntries(
      SERVICES.map((service) => {
        const url = new URL(platform.services[service.name].url);
        return [service.name, { host: url.hostname, port: Number(url.port) }];
      }),
    );
    const port = await freePort();
    edge = await spawnServer('tools/bench/edge-latency.ts', port, CATALOG_PATH, {
      EDGE_LATENCY_ROLE: EDGE_ROLE,
      EDGE_TARGETS: JSON.stringify(targets),
      // The run's services keep the local iss and aud (this run does not change them).
      EDGE_AUTH: JSON.stringify(LOCAL_JWT),
    });
    const edgeUrl = `http://127.0.0.1:${port}`;
    const token = await customerToken(platform);
    const reads = [
      {
        read: 'public catalog page (GET /api/v1/products)',
        service: 'product-service',
        path: CATALOG_PATH,
        headers: {},
      },
      {
        read: 'protected cart (GET /api/v1/cart, token checked)',
        service: 'cart-service',
        path: CART_PATH,
        headers: { authorization: `Bearer ${token}` },
      },
    ] as const;
    const rows: Row[] = [];
    console.log(
      `edge-latency: ${sequential} sequential, then ${concurrent} from ${workers} concurrent clients per target`,
    );
    for (const read of reads) {
      const direct = {
        name: 'direct',
        url: `${platform.services[read.service].url}${read.path}`,
        headers: read.headers,
      };
      const viaEdge = { name: 'edge', url: `${edgeUrl}${read.path}`, headers: read.headers };
      await measure([direct, viaEdge], WARM_UP_REQUESTS, workers);
      for (const [mode, count, clients] of [
        ['sequential', sequential, 1],
        [`${workers} concurrent`, concurrent, workers],
      ] as const) {
        const cpuBefore = cpuSeconds(edge.pid) ?? 0;
        const samples = await measure([direct, viaEdge], count, clients);
        const edgeCpu = (cpuSeconds(edge.pid) ?? 0) - cpuBefore;
        const [directSummary, edgeSummary] = [summary(samples.get('direct')!), summary(samples.get('edge')!)];
        rows.push({
          read: read.read,
          mode,
          requests: samples.get('edge')!.length,
          direct: directSummary,
          edge: edgeSummary,
          added: {
            p50: round(edgeSummary.p50 - directSummary.p50),
            p90: round(edgeSummary.p90 - directSummary.p90),
            p99: round(edgeSummary.p99 - directSummary.p99),
          },
          edgeCpuMsPerRequest: round((edgeCpu * 1000) / samples.get('edge')!.length),
        });
      }
    }
    console.log(
      '\n| read | clients | requests | direct p50/p90/p99 ms | through edge p50/p90/p99 ms | added p50/p90/p99 ms | edge CPU ms/request |\n|---|---|---|---|---|---|---|',
    );
    const triple = (value: { p50: number; p90: number; p99: number }) => `${value.p50} / ${value.p90} / ${value.p99}`;
    for (const row of rows)
      console.log(
        `| ${row.read} | ${row.mode} | ${row.requests} | ${triple(row.direct)} | ${triple(row.edge)} | ${triple(row.added)} | ${row.edgeCpuMsPerRequest} |`,
      );
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/edge-latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(
      file,
      JSON.stringify(
        { sequential, concurrent, workers, node: process.version, database: database.kind, rows },
        null,
        2,
      ),
    );
    console.log(`written ${file}`);
  } finally {
    await edge?.stop();
    await platform.stop();
    await database.stop();
  }
}

if (process.env.EDGE_LATENCY_ROLE === EDGE_ROLE) serveEdge();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
