/**
 * `npm run bench [-- --base-url URL --concurrency N --duration S]`: the weighted shopper mix (browse 10, view 10,
 * cart 3, add 2, order 1, log in 1), each virtual shopper with its own account, for a bounded time. Prints
 * requests/s, error rate and p50/p95/p99 per endpoint, plus our catalog page against a raw node:http server
 * serving the same bytes, and writes the results to bench/results/. Without --base-url it builds and starts the
 * whole platform locally (four processes behind the edge) on the resolved database. See docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database';
import { seed } from '../dev/seed';
import { buildServices, type Platform, startPlatform } from '../platform/platform';
import { freePort } from '../platform/free-port';
import { runLoad } from './load';
import { LatencyRecorder } from './mix/latency-recorder';
import { ShopApi } from './mix/shop-api';
import { VirtualShopper } from './mix/virtual-shopper';
import { pickAction } from './mix/weighted-choice';
import { spawnServer } from './spawn-server';

const argument = (name: string, fallback?: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};

interface Target {
  baseUrl: string;
  catalogUrl?: string;
  stop(): Promise<void>;
}

/** The whole platform on this machine, with a catalog whose stock the run cannot exhaust. */
async function localTarget(): Promise<Target> {
  buildServices();
  const database: ResolvedDatabase = await resolveDatabase({ log: (line) => console.log(line) });
  // The benchmark measures the services, not the limiter: limits are lifted for this run only. The login
  // throttle counts failed logins only, and every shopper logs in with its own right password: nothing to lift.
  const platform: Platform = await startPlatform(database.uri, {
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_AUTH_MAX: '100000000',
    LOG_LEVEL: 'info',
  });
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
  return {
    baseUrl: platform.edgeUrl,
    catalogUrl: `${platform.services['product-service'].url}/api/v1/products?page=1&pageSize=20`,
    stop: async () => {
      await platform.stop();
      await database.stop();
    },
  };
}

async function productIds(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v1/products?page=1&pageSize=50`);
  const body = (await response.json()) as { items?: { id: string }[]; data?: { id: string }[] };
  const ids = (body.items ?? body.data ?? []).map((product) => product.id);
  if (ids.length === 0) throw new Error(`no products at ${baseUrl}/api/v1/products (status ${response.status})`);
  return ids;
}

async function runMix(baseUrl: string, concurrency: number, durationSeconds: number): Promise<LatencyRecorder> {
  const setupRecorder = new LatencyRecorder();
  const recorder = new LatencyRecorder();
  const ids = await productIds(baseUrl);
  const shoppers = Array.from(
    { length: concurrency },
    () => new VirtualShopper(new ShopApi(baseUrl, setupRecorder), new ShopApi(baseUrl, recorder), ids),
  );
  await Promise.all(shoppers.map((shopper) => shopper.setUp()));
  const deadline = Date.now() + durationSeconds * 1000;
  await Promise.all(
    shoppers.map(async (shopper) => {
      while (Date.now() < deadline) await shopper.act(pickAction(Math.random()));
    }),
  );
  return recorder;
}

/** Our catalog page against node:http writing the very same bytes: the framework's and our stack's overhead. */
async function catalogAgainstRaw(catalogUrl: string, concurrency: number, durationSeconds: number) {
  const body = await (await fetch(catalogUrl)).text();
  const port = await freePort();
  const raw = await spawnServer('tools/bench/servers/raw-http.ts', port, '/', { BENCH_BODY: body });
  try {
    const ours = await runLoad({ url: catalogUrl, durationSeconds, connections: concurrency });
    const floor = await runLoad({ url: raw.url, durationSeconds, connections: concurrency });
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

async function main(): Promise<void> {
  const concurrency = Number(argument('concurrency', '20'));
  const duration = Number(argument('duration', '20'));
  const remote = argument('base-url');
  const target: Target = remote
    ? { baseUrl: remote.replace(/\/$/, ''), stop: async () => undefined }
    : await localTarget();
  try {
    console.log(`shopper mix against ${target.baseUrl}: ${concurrency} shoppers, ${duration} s`);
    const mix = (await runMix(target.baseUrl, concurrency, duration)).summary(duration);
    const total = mix.reduce((sum, row) => sum + row.requests, 0);
    console.log(
      '\n| endpoint | requests | req/s | error rate | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|',
    );
    for (const row of mix)
      console.log(
        `| ${row.endpoint} | ${row.requests} | ${row.requestsPerSecond} | ${row.errorRate} | ${row.p50Ms} | ${row.p95Ms} | ${row.p99Ms} |`,
      );
    console.log(`\ntotal: ${Math.round(total / duration)} req/s`);
    const catalog = target.catalogUrl
      ? await catalogAgainstRaw(target.catalogUrl, concurrency, Math.min(duration, 10))
      : undefined;
    if (catalog)
      console.log(
        `catalog page (${catalog.bytes} bytes): ${catalog.ours.requestsPerSecond} req/s vs raw node:http ${catalog.raw.requestsPerSecond} req/s = ${catalog.ratio}x`,
      );
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/mix-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(
      file,
      JSON.stringify({ baseUrl: target.baseUrl, concurrency, duration, node: process.version, mix, catalog }, null, 2),
    );
    console.log(`written ${file}`);
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
