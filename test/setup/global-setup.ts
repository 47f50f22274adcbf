import { resolveDatabase } from '../../tools/db/resolve-database';

/**
 * Resolves one MongoDB for the whole run (MONGODB_URI, mongodb-memory-server, or the emulator) and hands its
 * URI to every test worker through the environment. Each test file uses its own database names.
 */
export default async function globalSetup(): Promise<void> {
  const database = await resolveDatabase({
    log: (line) => process.stdout.write(`\n[test database] ${line}\n`),
    // Tests of the e2e tier run in this very process (one Jest worker on two cores): the emulator gets a
    // process of its own so its query work never delays the tests' and in-process services' timers.
    emulatorInOwnProcess: true,
  });
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_MONGODB_KIND = database.kind;
  (globalThis as { __testDatabase?: { stop(): Promise<void> } }).__testDatabase = database;
}
