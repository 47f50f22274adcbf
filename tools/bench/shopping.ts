/**
 * `npx tsx tools/bench/shopping.ts [--concurrency N] [--duration S]`: latency (p50/p99) and throughput of the two
 * writes at the heart of shopping, on this machine: adding to the cart, and placing an order (the whole saga:
 * cart read, stock reservation, order stored, reservation confirmed, cart emptied). The four services run as
 * separate processes from their built output behind the local edge (tools/platform), on the resolved database;
 * each virtual shopper registers and logs in with an account of its own. Phase 1 only adds to the cart;
 * phase 2 loops "add one item, place the order". Prints a table and writes bench/results/shopping-*.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { resolveDatabase } from '../db/resolve-database';
import { seed } from '../dev/seed';
import { buildServices, startPlatform, type Platform } from '../platform/platform';
import { runLoad } from './load';
import { type EndpointSummary, LatencyRecorder } from './mix/latency-recorder';
import { ShopApi } from './mix/shop-api';

const argument = (name: string, fallback: string): number => {
  const index = process.argv.indexOf(`--${name}`);
  return Number(index > 0 ? process.argv[index + 1] : fallback);
};
const ADDRESS = { name: 'Bench Shopper', line1: '1 Load Street', city: 'Berlin', postalCode: '10115', country: 'DE' };
const WARM_UP_SECONDS = 2;

/** A shopper with an account of its own. */
class Shopper {
  token = '';

  constructor(private readonly productIds: string[]) {}

  async signUp(api: ShopApi): Promise<void> {
    const credentials = { email: `shopper-${randomUUID()}@bench.example`, password: `Bench-${randomUUID()}` };
    await api.call('register', 'POST', '/api/v1/auth/register', { json: { ...credentials, displayName: 'Bench' } });
    const login = await api.call('login', 'POST', '/api/v1/auth/login', { json: credentials });
    if (typeof login.body.accessToken !== 'string') throw new Error(`login failed (${login.status})`);
    this.token = login.body.accessToken;
  }

  addToCart(api: ShopApi, label: string): Promise<unknown> {
    const productId = this.productIds[Math.floor(Math.random() * this.productIds.length)];
    return api.call(label, 'POST', '/api/v1/cart/items', { token: this.token, json: { productId, quantity: 1 } });
  }

  async checkout(api: ShopApi): Promise<void> {
    await this.addToCart(api, 'POST /cart/items (refill)');
    await api.call('POST /orders', 'POST', '/api/v1/orders', {
      token: this.token,
      json: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    });
  }
}

/** Every shopper repeats `step` until the time is up: a closed loop, one request in flight per shopper. */
async function loop(shoppers: Shopper[], seconds: number, step: (shopper: Shopper) => Promise<unknown>) {
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    shoppers.map(async (shopper) => {
      while (Date.now() < deadline) await step(shopper);
    }),
  );
}

async function prepare(platform: Platform, mongoUri: string): Promise<string[]> {
  await seed(
    mongoUri,
    {},
    { products: platform.databases['product-service'], users: platform.databases['user-service'] },
  );
  const client = await MongoClient.connect(mongoUri);
  try {
    const products = client.db(platform.databases['product-service']).collection('products');
    await products.updateMany({}, { $set: { stock: 10_000_000 } }); // the run must not sell out
    return (await products.find({}, { projection: { _id: 1 } }).toArray()).map((product) => product._id.toHexString());
  } finally {
    await client.close();
  }
}

async function ordersStored(platform: Platform, mongoUri: string): Promise<number> {
  const client = await MongoClient.connect(mongoUri);
  try {
    return await client
      .db(platform.databases['order-service'])
      .collection('orders')
      .countDocuments({ saga: 'COMPLETED' });
  } finally {
    await client.close();
  }
}

function printTable(rows: (EndpointSummary & { phase: string })[]): void {
  console.log('\n| phase | operation | requests | errors | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|');
  for (const row of rows)
    console.log(
      `| ${row.phase} | ${row.endpoint} | ${row.requests} | ${Math.round(row.errorRate * row.requests)} | ${row.requestsPerSecond} | ${row.p50Ms} | ${row.p99Ms} |`,
    );
}

async function main(): Promise<void> {
  const concurrency = argument('concurrency', '16');
  const duration = argument('duration', '10');
  buildServices();
  const database = await resolveDatabase({ log: (line) => console.log(line) });
  // The benchmark measures the services, not the limiter or bcrypt: both are relaxed for this run only. The
  // login throttle counts failed logins only, and every shopper logs in with its own right password.
  const platform = await startPlatform(database.uri, {
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_AUTH_MAX: '100000000',
    BCRYPT_COST: '10',
    CART_MAX_QUANTITY_PER_LINE: '1000',
    LOG_LEVEL: 'info',
  });
  try {
    const productIds = await prepare(platform, database.uri);
    const setup = new ShopApi(platform.edgeUrl, new LatencyRecorder());
    const shoppers = Array.from({ length: concurrency }, () => new Shopper(productIds));
    await Promise.all(shoppers.map((shopper) => shopper.signUp(setup)));
    console.log(
      `shopping: ${concurrency} shoppers (own accounts), ${duration} s per phase, through ${platform.edgeUrl}`,
    );

    await loop(shoppers, WARM_UP_SECONDS, (shopper) => shopper.checkout(setup));
    const adding = new LatencyRecorder();
    const addApi = new ShopApi(platform.edgeUrl, adding);
    await loop(shoppers, duration, (shopper) => shopper.addToCart(addApi, 'POST /cart/items'));
    const ordersBefore = await ordersStored(platform, database.uri);
    const ordering = new LatencyRecorder();
    const orderApi = new ShopApi(platform.edgeUrl, ordering);
    await loop(shoppers, duration, (shopper) => shopper.checkout(orderApi));
    const cartRead = await runLoad({
      url: `${platform.edgeUrl}/api/v1/cart`,
      durationSeconds: Math.min(duration, 5),
      connections: concurrency,
      headers: { authorization: `Bearer ${shoppers[0].token}` },
    });

    const rows = [
      ...adding.summary(duration).map((row) => ({ phase: 'add to cart', ...row })),
      ...ordering.summary(duration).map((row) => ({ phase: 'checkout', ...row })),
    ];
    printTable(rows);
    console.log(
      `| cart read (autocannon) | GET /cart | ${cartRead.total} | ${cartRead.errors + cartRead.non2xx} | ${cartRead.requestsPerSecond} | ${cartRead.p50Ms} | ${cartRead.p99Ms} |`,
    );
    const placed = ordering.summary(duration).find((row) => row.endpoint === 'POST /orders');
    const stored = (await ordersStored(platform, database.uri)) - ordersBefore;
    const answered = placed ? placed.requests - Math.round(placed.errorRate * placed.requests) : 0;
    console.log(`\norders answered 201: ${answered}; orders stored in that phase: ${stored}`);
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/shopping-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(
      file,
      JSON.stringify(
        { concurrency, duration, node: process.version, database: database.kind, rows, cartRead },
        null,
        2,
      ),
    );
    console.log(`written ${file}`);
  } finally {
    await platform.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
