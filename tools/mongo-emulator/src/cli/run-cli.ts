import { startMongoEmulator, type MongoEmulator } from '../index';
import { parseCliArgs } from './parse-cli-args';

export interface CliIo {
  log(line: string): void;
  /** Registers the shutdown handler (process signals in the real CLI). */
  onShutdown(handler: () => void): void;
}

/** Starts the emulator, prints its URI with the emulator notice, and stops it cleanly when asked to. */
export async function runCli(argv: string[], io: CliIo): Promise<{ emulator: MongoEmulator; stopped: Promise<void> }> {
  const options = parseCliArgs(argv);
  const emulator = await startMongoEmulator(options);
  const persistence = options.persistPath ? `, data persisted to ${options.persistPath}` : ', data in memory only';
  io.log(
    `mongo-emulator listening on ${emulator.uri} (an offline MongoDB wire-protocol EMULATOR for development and tests, not MongoDB${persistence})`,
  );
  const stopped = new Promise<void>((resolve) => {
    io.onShutdown(() => {
      void emulator.stop().then(() => {
        io.log('mongo-emulator stopped');
        resolve();
      });
    });
  });
  return { emulator, stopped };
}
