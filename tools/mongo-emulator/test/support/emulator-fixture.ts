import { MongoClient, type Db, type ObjectId } from 'mongodb';
import { startMongoEmulator, type MongoEmulator } from '../../src/index';

export interface EmulatorFixture {
  emulator: MongoEmulator;
  client: MongoClient;
  db(name?: string): Db;
}

/** Starts one emulator on a random port and a connected driver for the test file, and stops both afterwards. */
export function useEmulator(): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emulator = await startMongoEmulator();
    fixture.client = await new MongoClient(fixture.emulator.uri, { serverSelectionTimeoutMS: 2000 }).connect();
    fixture.db = (name = 'test') => fixture.client.db(name);
  });
  afterAll(async () => {
    await fixture.client?.close();
    await fixture.emulator?.stop();
  });
  return fixture;
}

/** Runs `action` and returns the error it rejects with (failing the test if it resolves). */
export async function errorOf(action: () => Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await action();
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the operation to fail');
}

/**
 * A loose document type for tests that use non-ObjectId _ids and deliberately malformed updates; the driver's
 * strict typing would otherwise need a cast on every call.
 */
export interface TestDoc {
  _id?: number | string | ObjectId;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests send deliberately ill-typed updates
  [field: string]: any;
}
