import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { resolveDatabase } from '../db/resolve-database';
import { ensureDevSecrets } from '../dev/dev-keys';
import { type LoadResult, runLoad } from './load';
import { spawnServer, type SpawnedServer } from './spawn-server';

/**
 * `npx tsx tools/bench/catalog.ts`: throughput and latency of the public catalog reads of the built
 * product-service (`npx nest build product-service`; rebuilt first unless BENCH_SKIP_BUILD=1), one target
 * after another with the same load:
 * - catalog list (a filtered, sorted page of 20 out of 100 matches) and product by id;
 * - cache hit: the in-process cache (the default), and the Redis cache when a Redis answers;
 * - cache miss: the same service with the cache off (CATALOG_CACHE_TTL_SECONDS=0), so every request reads
 *   MongoDB, which is exactly the work of a miss.
 * BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50). MongoDB: MONGODB_URI, else a real mongod
 * from mongodb-memory-server, else the emulator in its own process (then the miss numbers measure the
 * emulator, not MongoDB: the table says which one was used). The rate limit is raised out of the way.
 */
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRODUCT_MAIN = 'dist/apps/product-service/apps/product-service/src/main.js';
const DB_NAME = 'bench_catalog';
const CATEGORIES = ['apparel', 'kitchen', 'stationery', 'accessories', 'outdoor'];
const PRODUCTS = 500;
const LIST_PATH = '/api/v1/products?category=apparel&sort=price&pageSize=20';

/** A port nothing listens on right now (other benchmarks may run on this machine at the same time). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Database {
  uri: string;
  kind: string;
  stop(): Promise<void>;
}

interface Row extends LoadResult {
  scenario: string;
  cache: string;
}

/** The emulator runs in its own process, so it never shares an event loop with the load generator. */
async function emulatorProcess(port: number): Promise<Database> {
  const child: ChildProcess = fork('tools/mongo-emulator/src/cli.ts', ['--port', String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  for (let tries = 0; ; tries += 1) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      break;
    } catch (error) {
      if (tries > 60) throw error;
    } finally {
      await client.close();
    }
  }
  const stop = () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
  return { uri, kind: 'emulator (own process; not MongoDB)', stop };
}

async function database(): Promise<Database> {
  if (process.env.MONGO_PROVIDER !== 'emulator') {
    try {
      const env = { ...process.env, MONGO_PROVIDER: process.env.MONGODB_URI ? undefined : 'memory-server' };
      const resolved = await resolveDatabase({ env, log: (line) => console.log(line) });
      return { uri: resolved.uri, kind: resolved.kind, stop: () => resolved.stop() };
    } catch (error) {
      if (process.env.MONGODB_URI) throw error;
      console.log(`no real mongod (${String(error).split('\n')[0].slice(0, 120)}); using the emulator`);
    }
  }
  return emulatorProcess(await freePort());
}

async function redisAnswers(): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** 500 products through the admin API (100 per category), in a fresh database; returns one product id. */
async function seed(baseUrl: string, adminToken: string): Promise<string> {
  let someId = '';
  for (let index = 0; index < PRODUCTS; index += 1) {
    const response = await fetch(`${baseUrl}/api/v1/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        sku: `BENCH-${index}`,
        name: `Bench product ${index}`,
        description: 'A product for the catalog benchmark, with a description of realistic length.',
        price: 500 + ((index * 7919) % 20_000),
        currency: 'EUR',
        stock: index % 10 === 0 ? 0 : 50,
        category: CATEGORIES[index % CATEGORIES.length],
        tags: ['bench', `tag-${index % 13}`],
        images: [`https://cdn.example.com/bench/${index}.jpg`],
      }),
    });
    if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    someId = ((await response.json()) as { id: string }).id;
  }
  return someId;
}

async function measure(server: SpawnedServer, path: string, scenario: string, cache: string): Promise<Row> {
  const url = new URL(path, server.url).toString();
  await runLoad({ url, durationSeconds: Math.min(2, duration), connections }); // warm-up (JIT, cache fill)
  const result = await runLoad({ url, durationSeconds: duration, connections });
  console.log(`  measured ${scenario}, ${cache}: ${result.requestsPerSecond} req/s`);
  return { scenario, cache, ...result };
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    execFileSync('node_modules/.bin/nest', ['build', 'product-service'], { stdio: 'inherit' });
  }
  const db = await database();
  const secrets = ensureDevSecrets('.dev');
  const adminToken = jwt.sign({ roles: ['admin'] }, readFileSync(secrets.privateKeyFile, 'utf8'), {
    algorithm: 'ES256',
    subject: 'bench-admin',
    issuer: 'ecommerce-user-service',
    audience: 'ecommerce-api',
    expiresIn: 3600,
  });
  const baseEnv = {
    MONGODB_URI: db.uri,
    MONGODB_DB_NAME: DB_NAME,
    JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SHUTDOWN_DRAIN_MS: '0', // nothing to drain between targets
    RATE_LIMIT_MAX: '1000000000',
  };
  const targets: { cache: string; env: Record<string, string> }[] = [
    { cache: 'hit: in-process cache', env: {} },
    { cache: 'miss: cache off, every read from the database', env: { CATALOG_CACHE_TTL_SECONDS: '0' } },
  ];
  if (await redisAnswers()) targets.push({ cache: 'hit: Redis cache', env: { REDIS_URL: redisUrl } });
  else console.log(`no Redis answers at ${redisUrl}: the Redis rows are skipped`);

  const rows: Row[] = [];
  let productId = '';
  try {
    const client = await MongoClient.connect(db.uri);
    await client.db(DB_NAME).dropDatabase();
    await client.close();
    console.log(`catalog bench: ${duration} s per target, ${connections} connections, database ${db.kind}`);
    for (const [index, target] of targets.entries()) {
      const server = await spawnServer(
        PRODUCT_MAIN,
        await freePort(),
        '/health/ready',
        { ...baseEnv, ...target.env },
        false,
      );
      try {
        if (index === 0) productId = await seed(new URL(server.url).origin, adminToken);
        rows.push(await measure(server, LIST_PATH, 'catalog list (page of 20)', target.cache));
        rows.push(await measure(server, `/api/v1/products/${productId}`, 'product by id', target.cache));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await db.stop();
  }
  console.log(`\nGET ${LIST_PATH} and GET /api/v1/products/:id; database: ${db.kind}; Node ${process.version}`);
  console.log('\n| scenario | cache | req/s | p50 ms | p99 ms | errors + non-2xx |\n|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.scenario} | ${row.cache} | ${row.requestsPerSecond} | ${row.p50Ms} | ${row.p99Ms} | ${row.errors + row.non2xx} |`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/catalog-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify({ duration, connections, database: db.kind, node: process.version, rows }, null, 2),
  );
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
