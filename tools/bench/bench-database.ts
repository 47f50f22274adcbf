import { fork } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database';
import { freePort } from '../platform/free-port';

/**
 * The database of a benchmark run: MONGODB_URI or mongodb-memory-server when either can be had (as
 * resolveDatabase finds them), else the offline emulator in a process of its own. resolveDatabase would start
 * the emulator inside the calling process, which here also runs the shoppers and the edge: every database call
 * of every service would then wait for the load generator's event loop, and the latencies measured would be
 * the benchmark's own. A real database server is a process apart; so is the emulator here.
 */
export async function benchDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  if (process.env.MONGODB_URI || process.env.MONGO_PROVIDER !== 'emulator') {
    try {
      return await resolveDatabase({ env: { MONGO_PROVIDER: 'memory-server', ...process.env }, log });
    } catch (error) {
      if (process.env.MONGODB_URI || process.env.MONGO_PROVIDER === 'memory-server') throw error;
      log(`mongodb-memory-server unavailable (${String((error as Error).message).split('\n')[0]})`);
    }
  }
  return emulatorProcess(log);
}

async function emulatorProcess(log: (line: string) => void): Promise<ResolvedDatabase> {
  const port = await freePort();
  const child = fork('tools/mongo-emulator/src/cli.ts', ['--port', String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 1_000 });
      await client.db('admin').command({ ping: 1 });
      await client.close();
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stop();
        throw new Error(`the mongo-emulator process did not answer on ${uri}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const description = `MongoDB: NOTICE: the offline mongo-emulator (not a real MongoDB) in its own process (pid ${child.pid}) on ${uri}`;
  log(description);
  return { kind: 'emulator', uri, description, stop };
}
