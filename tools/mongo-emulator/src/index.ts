import { EmulatorServer } from './server/emulator-server';

export interface MongoEmulatorOptions {
  /** Interface to listen on; 127.0.0.1 unless given. */
  host?: string;
  /** 0 or omitted: a random free port. */
  port?: number;
  /** Snapshot file: loaded at start when present, saved shortly after writes and on stop. */
  persistPath?: string;
}

export interface MongoEmulator {
  uri: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts an offline MongoDB wire-protocol emulator (development and tests only, never deployed). */
export async function startMongoEmulator(options: MongoEmulatorOptions = {}): Promise<MongoEmulator> {
  const host = options.host ?? '127.0.0.1';
  const server = new EmulatorServer({ host, port: options.port ?? 0, persistPath: options.persistPath });
  const port = await server.start();
  return {
    uri: `mongodb://${host}:${port}/?directConnection=true`,
    host,
    port,
    stop: () => server.stop(),
  };
}
