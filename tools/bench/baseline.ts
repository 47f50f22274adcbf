import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolveDatabase } from '../db/resolve-database';
import { ensureDevSecrets } from '../dev/dev-keys';
import { type LoadResult, runLoad } from './load';
import { spawnServer, type SpawnedServer } from './spawn-server';

/**
 * `npm run bench:baseline`: per-request overhead of the HTTP stack. Runs, one after another in one
 * invocation and with the same load, a raw node:http server, minimal Nest apps on Express and on Fastify,
 * and product-service with the full shared stack, all answering GET /health/live with the same bytes.
 * BENCH_DURATION (s, default 10) and BENCH_CONNECTIONS (default 50) tune it.
 */
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PRODUCT_MAIN = 'dist/apps/product-service/apps/product-service/src/main.js';

async function measure(name: string, start: () => Promise<SpawnedServer>): Promise<LoadResult & { name: string }> {
  const server = await start();
  try {
    await runLoad({ url: server.url, durationSeconds: Math.min(2, duration), connections }); // warm-up (JIT)
    const result = await runLoad({ url: server.url, durationSeconds: duration, connections });
    console.log(`  measured ${name}: ${result.requestsPerSecond} req/s`);
    return { name, ...result };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(PRODUCT_MAIN))
    execFileSync('node_modules/.bin/nest', ['build', 'product-service'], { stdio: 'inherit' });
  const database = await resolveDatabase({ log: (line) => console.log(line) });
  const secrets = ensureDevSecrets('.dev');
  const serviceEnv = {
    MONGODB_URI: database.uri,
    JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile,
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    MONGODB_DB_NAME: 'bench_baseline',
  };
  console.log(`baseline: ${duration} s per target, ${connections} connections, GET /health/live`);
  const results = [];
  try {
    results.push(
      await measure('raw node:http', () => spawnServer('tools/bench/servers/raw-http.ts', 4101, '/health/live')),
    );
    results.push(
      await measure('Nest + Express (minimal)', () =>
        spawnServer('tools/bench/servers/nest-minimal.ts', 4102, '/health/live', { BENCH_ADAPTER: 'express' }),
      ),
    );
    results.push(
      await measure('Nest + Fastify (minimal)', () =>
        spawnServer('tools/bench/servers/nest-minimal.ts', 4103, '/health/live', { BENCH_ADAPTER: 'fastify' }),
      ),
    );
    results.push(
      await measure('product-service (full stack, Fastify)', () =>
        spawnServer(PRODUCT_MAIN, 4104, '/health/live', serviceEnv, false),
      ),
    );
  } finally {
    await database.stop();
  }
  const raw = results[0].requestsPerSecond;
  console.log('\n| target | req/s | p50 ms | p99 ms | errors | ratio to raw |\n|---|---|---|---|---|---|');
  for (const result of results) {
    const ratio = (result.requestsPerSecond / raw).toFixed(2);
    console.log(
      `| ${result.name} | ${result.requestsPerSecond} | ${result.p50Ms} | ${result.p99Ms} | ${result.errors + result.non2xx} | ${ratio}x |`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/baseline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ duration, connections, node: process.version, results }, null, 2));
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
