import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { freePort } from '../platform/free-port';
import { ferretdbBinary } from './ferretdb-binary';

export interface FerretDb {
  uri: string;
  stop(): Promise<void>;
}

const POSTGRES = process.env.FERRETDB_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * FerretDB (a MongoDB wire-protocol server on PostgreSQL) on a free port, over a PostgreSQL database of its
 * own that is dropped again on stop, so every run starts empty. Used to run the suite against a second
 * implementation of MongoDB's behaviour besides the emulator (docs/decisions/0013-mongo-emulator-package.md).
 */
export async function startFerretDb(log: (line: string) => void = () => undefined): Promise<FerretDb> {
  const binary = await ferretdbBinary(log);
  const database = `ferretdb_${process.pid}_${Date.now()}`;
  await psql(`create database ${database}`);
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--handler=postgresql',
      `--postgresql-url=${POSTGRES}/${database}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=127.0.0.1:0',
      '--telemetry=disable',
      // FerretDB keeps a state file; in a temporary folder, not in the working tree.
      `--state-dir=${mkdtempSync(join(tmpdir(), 'ferretdb-state-'))}`,
      // Every refused command is logged at WARN; ERROR keeps the test output readable.
      '--log-level=ERROR',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const uri = `mongodb://127.0.0.1:${port}/`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    await psql(`drop database if exists ${database}`);
  };
  try {
    await waitForPing(uri);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri, stop };
}

async function waitForPing(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 15_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

async function psql(sql: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('psql', [POSTGRES, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql "${sql}" exited with ${code}`))));
  });
}
