import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { resolveDatabase } from '../db/resolve-database';
import { ensureDevSecrets } from '../dev/dev-keys';
import { seed } from '../dev/seed';
import { freePort } from '../platform/free-port';
import { type LoadResult, runLoad } from './load';
import { startOtlpSink } from './otlp-sink';
import { spawnServer, type SpawnedServer } from './spawn-server';

/**
 * `npm run bench:stack-cost`: the CPU each request costs the server process, which (unlike req/s) holds up
 * when other work shares the machine. For each target, in its own process and one after another, it runs a
 * warm-up and then BENCH_ROUNDS rounds of autocannon load and reads the server's utime + stime from
 * /proc/<pid>/stat around each round: CPU-µs per request = CPU time / responses. Targets:
 * - nest-fastify: the minimal Nest + Fastify app (tools/bench/servers/nest-minimal.ts), GET /health/live;
 * - product-health: the built product-service (full shared stack), GET /health/live;
 * - product-catalog: the same process, GET /api/v1/products?page=1&pageSize=20 (the seeded catalog, from
 *   the in-process cache after the warm-up);
 * - product-by-id: the same process, GET /api/v1/products/<id> of the first product on that page (cache hit);
 * - product-catalog-traced: the catalog route of another product-service process with tracing on, exporting
 *   every span over OTLP/HTTP to a sink in this process that answers 200 (tools/bench/otlp-sink.ts): against
 *   product-catalog, what tracing costs a request (spans, context propagation, batching, serialising, sending);
 * - raw-health, raw-catalog: node:http writing the same bytes (the floor).
 * Settings: BENCH_TARGETS (comma list of the ids above; default all), BENCH_DURATION (s per round, default 5),
 * BENCH_ROUNDS (default 3), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (default 50), BENCH_SKIP_BUILD=1.
 * `--profile` also writes a V8 CPU profile of one extra round per product-service route to bench/results/
 * (summarise it with `npx tsx tools/bench/profile-summary.ts <file>`); the profiled round is not in the table.
 * The database is resolved as for the other benchmarks (MONGODB_URI, mongodb-memory-server, the emulator);
 * the rate limit is raised out of the way (the limiter still runs on every request). Load targets 127.0.0.1 only.
 */
const duration = Number(process.env.BENCH_DURATION ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const profile = process.argv.includes('--profile');
const ALL_TARGETS = [
  'nest-fastify',
  'raw-health',
  'product-health',
  'product-catalog',
  'product-by-id',
  'product-catalog-traced',
  'raw-catalog',
] as const;
type TargetId = (typeof ALL_TARGETS)[number];
const selected = new Set<string>(process.env.BENCH_TARGETS?.split(',').map((id) => id.trim()) ?? ALL_TARGETS);
const PRODUCT_MAIN = 'dist/apps/product-service/apps/product-service/src/main.js';
const DB_NAME = 'bench_stack_cost';
const HEALTH_PATH = '/health/live';
const CATALOG_PATH = '/api/v1/products?page=1&pageSize=20';
const PROFILE_PRELOAD = resolve('tools/bench/cpu-profile-preload.cjs');
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Row {
  id: TargetId;
  target: string;
  bytes: number;
  cpuMicrosPerRequest: number;
  cpuMicrosRange: [number, number];
  requestsPerSecond: number;
  p99Ms: number;
  failures: number;
  rounds: (LoadResult & { cpuMicros: number })[];
}

/** User plus system CPU time of a process and all its threads, in microseconds. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS; // fields 14 and 15 of proc(5)
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(
  id: TargetId,
  target: string,
  server: SpawnedServer,
  path: string,
  afterWarmup?: () => void,
): Promise<Row> {
  const url = new URL(path, server.url).toString();
  const bytes = Buffer.byteLength(await (await fetch(url)).text());
  await runLoad({ url, durationSeconds: warmup, connections }); // JIT, and the cache fill
  afterWarmup?.();
  const measured: Row['rounds'] = [];
  for (let round = 0; round < rounds; round += 1) {
    const before = cpuMicros(server.pid);
    const result = await runLoad({ url, durationSeconds: duration, connections });
    const used = cpuMicros(server.pid) - before;
    measured.push({ ...result, cpuMicros: Math.round(used / Math.max(1, result.total)) });
  }
  const perRequest = measured.map((round) => round.cpuMicros);
  const row: Row = {
    id,
    target,
    bytes,
    cpuMicrosPerRequest: median(perRequest),
    cpuMicrosRange: [Math.min(...perRequest), Math.max(...perRequest)],
    requestsPerSecond: median(measured.map((round) => round.requestsPerSecond)),
    p99Ms: median(measured.map((round) => round.p99Ms)),
    failures: measured.reduce((sum, round) => sum + round.errors + round.non2xx, 0),
    rounds: measured,
  };
  console.log(`  ${target}: ${row.cpuMicrosPerRequest} CPU-µs/request, ${row.requestsPerSecond} req/s`);
  return row;
}

/**
 * One more round under V8's sampling profiler (cpu-profile-preload.cjs); the server writes profile number
 * `index` as `${prefix}-${index}.cpuprofile`, renamed here to `${prefix}-${route}.cpuprofile`.
 */
async function profileRound(server: SpawnedServer, path: string, prefix: string, index: number, route: string) {
  const written = `${prefix}-${index}.cpuprofile`;
  process.kill(server.pid, 'SIGUSR2');
  await runLoad({ url: new URL(path, server.url).toString(), durationSeconds: duration, connections });
  process.kill(server.pid, 'SIGUSR2');
  for (let waited = 0; !existsSync(written) && waited < 10_000; waited += 100)
    await new Promise((done) => setTimeout(done, 100));
  renameSync(written, `${prefix}-${route}.cpuprofile`);
  console.log(`  profile written: ${prefix}-${route}.cpuprofile`);
}

/** product-catalog again, in a process of its own with tracing on; reports whether every span reached the sink. */
async function measureTraced(env: Record<string, string>): Promise<Row> {
  const sink = await startOtlpSink();
  const server = await spawnServer(
    PRODUCT_MAIN,
    await freePort(),
    HEALTH_PATH,
    { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint },
    false,
  );
  try {
    let before = 0;
    const row = await measure(
      'product-catalog-traced',
      `product-service, GET ${CATALOG_PATH} (cache hit), traced, OTLP export`,
      server,
      CATALOG_PATH,
      // What the warm-up left in the exporter's queue leaves within its delay (5 s) and counts for the rounds.
      () => (before = sink.spans()),
    );
    await new Promise((done) => setTimeout(done, 6_000));
    const requests = row.rounds.reduce((sum, round) => sum + round.total, 0);
    // One SERVER span per request is exported when the exporter keeps up; fewer when its queue overflowed.
    const spans = sink.spans() - before;
    console.log(
      `  spans exported during the rounds: ${spans} for ${requests} requests (${(spans / requests).toFixed(2)})`,
    );
    return row;
  } finally {
    await server.stop();
    await sink.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1')
    execFileSync('node_modules/.bin/nest', ['build', 'product-service'], { stdio: 'inherit' });
  console.log(
    `stack cost: ${rounds} x ${duration} s per target after ${warmup} s warm-up, ${connections} connections, ` +
      `load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
  );
  const rows: Row[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench/results', { recursive: true });

  if (selected.has('nest-fastify')) {
    const server = await spawnServer('tools/bench/servers/nest-minimal.ts', await freePort(), HEALTH_PATH, {
      BENCH_ADAPTER: 'fastify',
    });
    try {
      rows.push(await measure('nest-fastify', 'Nest + Fastify (minimal), GET /health/live', server, HEALTH_PATH));
    } finally {
      await server.stop();
    }
  }
  if (selected.has('raw-health')) {
    const server = await spawnServer('tools/bench/servers/raw-http.ts', await freePort(), HEALTH_PATH);
    try {
      rows.push(await measure('raw-health', 'raw node:http, same bytes as /health/live', server, HEALTH_PATH));
    } finally {
      await server.stop();
    }
  }
  let catalogBody: string | undefined;
  const productTargets = [
    'product-health',
    'product-catalog',
    'product-by-id',
    'product-catalog-traced',
    'raw-catalog',
  ];
  if (productTargets.some((id) => selected.has(id))) {
    const database = await resolveDatabase({ log: (line) => console.log(line) });
    try {
      const client = await MongoClient.connect(database.uri);
      await client.db(DB_NAME).dropDatabase();
      await client.close();
      await seed(database.uri, {}, { products: DB_NAME, users: `${DB_NAME}_users` });
      const secrets = ensureDevSecrets('.dev');
      const profilePrefix = resolve(`bench/results/stack-cost-${stamp}`);
      let profiles = 0;
      const env: Record<string, string> = {
        MONGODB_URI: database.uri,
        MONGODB_DB_NAME: DB_NAME,
        JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_MS: '0',
        RATE_LIMIT_MAX: '1000000000',
        ...(profile ? { NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`, BENCH_CPU_PROFILE_PREFIX: profilePrefix } : {}),
      };
      const server = await spawnServer(PRODUCT_MAIN, await freePort(), HEALTH_PATH, env, false);
      try {
        catalogBody = await (await fetch(new URL(CATALOG_PATH, server.url))).text();
        if (selected.has('product-health')) {
          rows.push(await measure('product-health', 'product-service, GET /health/live', server, HEALTH_PATH));
          if (profile) await profileRound(server, HEALTH_PATH, profilePrefix, (profiles += 1), 'health');
        }
        if (selected.has('product-catalog')) {
          rows.push(
            await measure('product-catalog', `product-service, GET ${CATALOG_PATH} (cache hit)`, server, CATALOG_PATH),
          );
          if (profile) await profileRound(server, CATALOG_PATH, profilePrefix, (profiles += 1), 'catalog');
        }
        if (selected.has('product-by-id')) {
          const { items } = JSON.parse(catalogBody) as { items: { id: string }[] };
          const productPath = `/api/v1/products/${items[0].id}`;
          rows.push(
            await measure('product-by-id', `product-service, GET ${productPath} (cache hit)`, server, productPath),
          );
          if (profile) await profileRound(server, productPath, profilePrefix, (profiles += 1), 'product');
        }
      } finally {
        await server.stop();
      }
      if (selected.has('product-catalog-traced')) rows.push(await measureTraced(env));
    } finally {
      await database.stop();
    }
  }
  if (selected.has('raw-catalog') && catalogBody !== undefined) {
    const server = await spawnServer('tools/bench/servers/raw-http.ts', await freePort(), '/', {
      BENCH_BODY: catalogBody,
    });
    try {
      rows.push(await measure('raw-catalog', 'raw node:http, same bytes as the catalog page', server, '/'));
    } finally {
      await server.stop();
    }
  }

  const reference = rows.find((row) => row.id === 'nest-fastify')?.cpuMicrosPerRequest;
  console.log(`\nNode ${process.version}; CPU of the server process only; median of ${rounds} rounds`);
  console.log(
    '\n| target | bytes | CPU-µs/request (min-max) | vs minimal Nest+Fastify | req/s | p99 ms | errors + non-2xx |\n' +
      '|---|---|---|---|---|---|---|',
  );
  for (const row of rows) {
    const ratio = reference ? `${(row.cpuMicrosPerRequest / reference).toFixed(2)}x` : '-';
    console.log(
      `| ${row.target} | ${row.bytes} | ${row.cpuMicrosPerRequest} (${row.cpuMicrosRange.join('-')}) | ${ratio} | ` +
        `${row.requestsPerSecond} | ${row.p99Ms} | ${row.failures} |`,
    );
  }
  const file = `bench/results/stack-cost-${stamp}.json`;
  writeFileSync(
    file,
    JSON.stringify({ duration, rounds, warmup, connections, node: process.version, loadavg: loadavg(), rows }, null, 2),
  );
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
