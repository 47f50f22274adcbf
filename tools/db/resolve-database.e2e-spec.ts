import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startMongoEmulator } from '../mongo-emulator';
import { rememberDownloadFailure } from './download-failure-memo';
import { resolveDatabase } from './resolve-database';

/**
 * mongodb-memory-server reads MONGOMS_SYSTEM_BINARY from the process environment (not from resolveDatabase's
 * env option): pointing it at a missing binary makes it fail at once, online or offline.
 */
async function withoutMemoryServer<T>(work: () => Promise<T>): Promise<T> {
  const saved = process.env.MONGOMS_SYSTEM_BINARY;
  process.env.MONGOMS_SYSTEM_BINARY = '/nonexistent/mongod';
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.MONGOMS_SYSTEM_BINARY;
    else process.env.MONGOMS_SYSTEM_BINARY = saved;
  }
}

describe('resolveDatabase', () => {
  it('uses MONGODB_URI first, as is, and says so', async () => {
    const lines: string[] = [];
    const resolved = await resolveDatabase({
      env: { MONGODB_URI: process.env.TEST_MONGODB_URI },
      log: (line) => lines.push(line),
    });
    expect(resolved.kind).toBe('MONGODB_URI');
    expect(resolved.uri).toBe(process.env.TEST_MONGODB_URI);
    expect(lines).toEqual([expect.stringContaining('real server from MONGODB_URI')]);
    await resolved.stop();
  });

  it('refuses an unreachable MONGODB_URI instead of silently using something else', async () => {
    await expect(
      resolveDatabase({ env: { MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' } }),
    ).rejects.toThrow('MONGODB_URI is set but the server does not answer');
  });

  it('hides credentials in the line it prints', async () => {
    const emulator = await startMongoEmulator({ port: 0 });
    const lines: string[] = [];
    const withCredentials = emulator.uri.replace('mongodb://', 'mongodb://app:s3cret@');
    const resolved = await resolveDatabase({
      env: { MONGODB_URI: withCredentials },
      log: (line) => lines.push(line),
    }).catch(() => undefined);
    // The emulator does not authenticate; whatever the outcome, the password never reaches the output.
    expect(lines.join('\n')).not.toContain('s3cret');
    await resolved?.stop();
    await emulator.stop();
  });

  it('falls back to the emulator, with a notice, when mongodb-memory-server cannot start', async () => {
    const lines: string[] = [];
    const resolved = await withoutMemoryServer(() => resolveDatabase({ env: {}, log: (line) => lines.push(line) }));
    try {
      expect(resolved.kind).toBe('emulator');
      expect(lines[0]).toContain('mongodb-memory-server unavailable');
      expect(lines[1]).toContain('NOTICE: using the offline mongo-emulator');
      const client = await MongoClient.connect(resolved.uri);
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await client.close();
    } finally {
      await resolved.stop();
    }
  });

  it('goes straight to the emulator while a failed mongod download is remembered, saying when it retries', async () => {
    const downloadFailureFile = join(mkdtempSync(join(tmpdir(), 'resolve-db-')), 'download-failed.json');
    rememberDownloadFailure(
      new Error('Download failed for url "https://fastdl.mongodb.org/x.tgz"'),
      downloadFailureFile,
    );
    const lines: string[] = [];
    const saved = process.env.MONGOMS_SYSTEM_BINARY;
    delete process.env.MONGOMS_SYSTEM_BINARY;
    const resolved = await resolveDatabase({ env: {}, downloadFailureFile, log: (line) => lines.push(line) }).finally(
      () => {
        if (saved !== undefined) process.env.MONGOMS_SYSTEM_BINARY = saved;
      },
    );
    try {
      expect(resolved.kind).toBe('emulator');
      expect(lines[0]).toMatch(/unavailable \(Download failed .*\); not retried before .*Z \(delete .* to retry now\)/);
      expect(lines[1]).toContain('NOTICE: using the offline mongo-emulator');
    } finally {
      await resolved.stop();
    }
  });

  it("prepares the memory server's data directory so its data persists between runs", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'resolve-db-'));
    const lines: string[] = [];
    const resolved = await withoutMemoryServer(() =>
      resolveDatabase({ env: {}, dataDir, log: (line) => lines.push(line) }),
    );
    await resolved.stop();
    expect(existsSync(join(dataDir, 'mongod'))).toBe(true);
    // The memory server failed for its binary, not for a missing directory.
    expect(lines[0]).not.toContain('ENOENT: no such file or directory, scandir');
  });

  it('fails instead of falling back when MONGO_PROVIDER=memory-server asks for a real mongod', async () => {
    const lines: string[] = [];
    await expect(
      withoutMemoryServer(() =>
        resolveDatabase({ env: { MONGO_PROVIDER: 'memory-server' }, log: (line) => lines.push(line) }),
      ),
    ).rejects.toThrow('/nonexistent/mongod');
    expect(lines).toEqual([]);
  });

  it('reads MONGO_PROVIDER from the process environment when given no options', async () => {
    const saved = { MONGODB_URI: process.env.MONGODB_URI, MONGO_PROVIDER: process.env.MONGO_PROVIDER };
    delete process.env.MONGODB_URI;
    process.env.MONGO_PROVIDER = 'emulator';
    try {
      const resolved = await resolveDatabase();
      expect(resolved.kind).toBe('emulator');
      await resolved.stop();
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  });

  it('goes straight to the emulator with MONGO_PROVIDER=emulator', async () => {
    const resolved = await resolveDatabase({ env: { MONGO_PROVIDER: 'emulator' } });
    expect(resolved.kind).toBe('emulator');
    await resolved.stop();
  });

  it('runs the emulator in a process of its own when asked, keeping data across clients until stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulator-process-'));
    const resolved = await resolveDatabase({
      env: { MONGO_PROVIDER: 'emulator' },
      emulatorInOwnProcess: true,
      dataDir,
    });
    expect(resolved.kind).toBe('emulator');
    const first = new MongoClient(resolved.uri);
    await first.db('shop').collection('products').insertOne({ sku: 'LAMP-1', stock: 3 });
    await first.close();
    const second = new MongoClient(resolved.uri);
    expect(await second.db('shop').collection('products').findOne({ sku: 'LAMP-1' })).toMatchObject({ stock: 3 });
    await second.close();

    await resolved.stop();
    // Stopped means gone (the port refuses), and the data it persisted is there for the next start.
    const after = new MongoClient(resolved.uri, { serverSelectionTimeoutMS: 500 });
    await expect(after.db('admin').command({ ping: 1 })).rejects.toThrow();
    await after.close();
    expect(existsSync(join(dataDir, 'emulator.bson'))).toBe(true);
  });
});
