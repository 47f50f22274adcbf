import { mkdirSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { DOWNLOAD_FAILURE_FILE, recentDownloadFailure, rememberDownloadFailure } from './download-failure-memo';

export type DatabaseKind = 'MONGODB_URI' | 'mongodb-memory-server' | 'emulator';

export interface ResolvedDatabase {
  kind: DatabaseKind;
  /** Server URI without a database name: each service picks its own database. */
  uri: string;
  /** One line saying what is in use, printed every time. */
  description: string;
  stop(): Promise<void>;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Fixed port for local runs (so service env files stay valid); 0 or absent for a random one. */
  port?: number;
  /** Where providers that can persist keep their data between runs. */
  dataDir?: string;
  log?: (line: string) => void;
  /**
   * Run the emulator (when it is the one chosen) as a process of its own instead of inside this one: for
   * callers that load the process themselves (a test runner, a benchmark driver). See emulator-process.ts.
   */
  emulatorInOwnProcess?: boolean;
  /** Where a failed mongod download is remembered (download-failure-memo.ts); tests point it elsewhere. */
  downloadFailureFile?: string;
}

async function ping(uri: string, timeoutMs: number): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** 1. A real server named by MONGODB_URI: used as is, and a failure to reach it is an error, not a fallback. */
async function fromEnvironment(uri: string): Promise<ResolvedDatabase> {
  try {
    await ping(uri, 5_000);
  } catch (error) {
    throw new Error(`MONGODB_URI is set but the server does not answer: ${(error as Error).message}`);
  }
  const redacted = uri.replace(/\/\/[^@/]*@/, '//***@');
  return {
    kind: 'MONGODB_URI',
    uri,
    description: `MongoDB: real server from MONGODB_URI (${redacted})`,
    stop: async () => undefined,
  };
}

/** 2. A real mongod from mongodb-memory-server, downloaded once and cached (or MONGOMS_SYSTEM_BINARY). */
async function fromMemoryServer(options: ResolveOptions): Promise<ResolvedDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server');
  // mongod refuses a dbPath that does not exist; create it so data persists between runs.
  if (options.dataDir) mkdirSync(`${options.dataDir}/mongod`, { recursive: true });
  const server = await withQuietConsole(() =>
    MongoMemoryServer.create({
      instance: {
        port: options.port || undefined,
        ip: '127.0.0.1',
        dbPath: options.dataDir ? `${options.dataDir}/mongod` : undefined,
      },
    }),
  );
  const version = server.opts.binary?.version ?? 'default version';
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri().replace(/\/$/, ''),
    description: `MongoDB: real mongod ${version} from mongodb-memory-server on ${server.getUri()}`,
    stop: async () => void (await server.stop({ doCleanup: !options.dataDir })),
  };
}

/** 3. The project's offline wire-protocol emulator (tools/mongo-emulator): development and tests only. */
async function fromEmulator(options: ResolveOptions): Promise<ResolvedDatabase> {
  const settings = {
    port: options.port ?? 0,
    persistPath: options.dataDir ? `${options.dataDir}/emulator.bson` : undefined,
  };
  const emulator = options.emulatorInOwnProcess
    ? await (await import('./emulator-process')).startEmulatorProcess(settings)
    : await (await import('../mongo-emulator/src/index')).startMongoEmulator(settings);
  return {
    kind: 'emulator',
    uri: emulator.uri,
    description: `MongoDB: NOTICE: using the offline mongo-emulator (not a real MongoDB) on ${emulator.uri}`,
    stop: () => emulator.stop(),
  };
}

/**
 * Finds a MongoDB in the order docs/local-development.md gives: MONGODB_URI, then mongodb-memory-server,
 * then the emulator. MONGO_PROVIDER=memory-server|emulator skips straight to one provider.
 */
export async function resolveDatabase(options: ResolveOptions = {}): Promise<ResolvedDatabase> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  let resolved: ResolvedDatabase;
  if (env.MONGODB_URI) {
    resolved = await fromEnvironment(env.MONGODB_URI);
  } else if (env.MONGO_PROVIDER === 'emulator') {
    resolved = await fromEmulator(options);
  } else {
    const memoFile = options.downloadFailureFile ?? DOWNLOAD_FAILURE_FILE;
    // A system binary needs no download, and MONGO_PROVIDER=memory-server asks for a fresh attempt.
    const knownFailure =
      env.MONGO_PROVIDER !== 'memory-server' && !process.env.MONGOMS_SYSTEM_BINARY
        ? recentDownloadFailure(memoFile)
        : undefined;
    if (knownFailure) {
      log(
        `mongodb-memory-server unavailable (${knownFailure.reason}); not retried before ` +
          `${knownFailure.retryAt.toISOString()} (delete ${memoFile} to retry now); falling back to the emulator.`,
      );
      resolved = await fromEmulator(options);
    } else {
      try {
        resolved = await fromMemoryServer(options);
      } catch (error) {
        if (env.MONGO_PROVIDER === 'memory-server') throw error;
        rememberDownloadFailure(error, memoFile);
        log(`mongodb-memory-server unavailable (${firstLine(error)}); falling back to the emulator.`);
        resolved = await fromEmulator(options);
      }
    }
  }
  log(resolved.description);
  return resolved;
}

/**
 * mongodb-memory-server reports a failed download with a multi-screen stack on the console; we report it in
 * one line instead. Its download progress goes to stdout directly and stays visible.
 */
async function withQuietConsole<T>(work: () => Promise<T>): Promise<T> {
  const { warn, error } = console;
  console.warn = () => undefined;
  console.error = () => undefined;
  try {
    return await work();
  } finally {
    console.warn = warn;
    console.error = error;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')[0]
    .slice(0, 200);
}
