import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startMongoEmulator } from '../src/index';
import { errorOf } from './support/emulator-fixture';

async function pingWithin(client: MongoClient, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await client.db('app').command({ ping: 1 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('mongo-emulator lifecycle and persistence', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mongo-emulator-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stops quickly with clients connected, frees the port, and starts again on it', async () => {
    const first = await startMongoEmulator();
    expect(first.uri).toBe(`mongodb://127.0.0.1:${first.port}/?directConnection=true`);
    const client = await new MongoClient(first.uri, {
      serverSelectionTimeoutMS: 500,
      heartbeatFrequencyMS: 500,
    }).connect();
    await client.db('app').collection('things').insertOne({ a: 1 });
    const started = Date.now();
    await first.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(client.db('app').command({ ping: 1 })).rejects.toThrow();

    const second = await startMongoEmulator({ port: first.port });
    try {
      expect(second.port).toBe(first.port);
      // The client's first command may still meet a pooled connection to the stopped instance (closed: the driver
      // drops it and does not retry commands); the client must reach the new instance within a few attempts.
      expect(await pingWithin(client, 5_000)).toEqual({ ok: 1 });
      expect(await client.db('app').collection('things').countDocuments()).toBe(0); // in-memory data went with the first instance
    } finally {
      await client.close();
      await second.stop();
    }
  });

  it('keeps data, indexes and types across restarts when persistPath is set', async () => {
    const persistPath = join(dir, 'nested', 'snapshot.json');
    const first = await startMongoEmulator({ persistPath });
    const client = await new MongoClient(first.uri).connect();
    const users = client.db('ecommerce_users').collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.createIndex({ seenAt: 1 }, { expireAfterSeconds: 3600 });
    await users.insertOne({ email: 'ada@example.com', score: 2.5, seenAt: new Date('2030-01-01') });
    await client.close();
    await first.stop();

    const snapshot = JSON.parse(await readFile(persistPath, 'utf8'));
    expect(snapshot).toMatchObject({ format: 'mongo-emulator-snapshot', version: 1 });

    const second = await startMongoEmulator({ persistPath });
    const again = await new MongoClient(second.uri).connect();
    try {
      const restored = again.db('ecommerce_users').collection('users');
      expect(await restored.findOne({}, { projection: { _id: 0 } })).toEqual({
        email: 'ada@example.com',
        score: 2.5,
        seenAt: new Date('2030-01-01'),
      });
      expect((await restored.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1', 'seenAt_1']);
      expect((await errorOf(() => restored.insertOne({ email: 'ada@example.com' }))).code).toBe(11000);
    } finally {
      await again.close();
      await second.stop();
    }
  });

  it('saves a snapshot shortly after writes, before any stop', async () => {
    const persistPath = join(dir, 'debounced.json');
    const emulator = await startMongoEmulator({ persistPath });
    const client = await new MongoClient(emulator.uri).connect();
    try {
      await client.db('ecommerce_carts').collection('carts').insertOne({ owner: 'u1' });
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(await readFile(persistPath, 'utf8')).toContain('"owner": "u1"');
    } finally {
      await client.close();
      await emulator.stop();
    }
  });

  it('refuses to start from a file that is not a snapshot, naming it', async () => {
    const persistPath = join(dir, 'broken.json');
    await writeFile(persistPath, JSON.stringify({ hello: 'world' }));
    await expect(startMongoEmulator({ persistPath })).rejects.toThrow(
      `mongo-emulator: cannot load snapshot ${persistPath}`,
    );
  });

  it('rejects when the port is taken', async () => {
    const first = await startMongoEmulator();
    try {
      await expect(startMongoEmulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });
});
