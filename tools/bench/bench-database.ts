import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database';

/**
 * The database of a benchmark run, found as everywhere else (MONGODB_URI, mongodb-memory-server, the emulator),
 * with the emulator in a process of its own: this process also runs the shoppers and the edge, and an emulator
 * inside it would make every database call of every service wait for the load generator's event loop, so the
 * latencies measured would be the benchmark's own. A real database server is a process apart; so is the emulator.
 */
export function benchDatabase(log: (line: string) => void): Promise<ResolvedDatabase> {
  return resolveDatabase({ log, emulatorInOwnProcess: true });
}
