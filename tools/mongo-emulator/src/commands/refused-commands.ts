import { commandError, unsupported } from '../errors/error-codes';
import type { CommandHandler } from '../protocol/command-context';

const refuse =
  (feature: string): CommandHandler =>
  () => {
    throw unsupported(feature);
  };

/** Commands clients are known to send that the emulator deliberately does not implement. */
export const refusedCommands: Record<string, CommandHandler> = {
  commitTransaction: refuse('transactions'),
  abortTransaction: refuse('transactions'),
  saslStart: refuse('authentication (connect without credentials)'),
  saslContinue: refuse('authentication (connect without credentials)'),
  authenticate: refuse('authentication (connect without credentials)'),
  createUser: refuse('user management'),
  explain: refuse('explain'),
  mapReduce: refuse('mapReduce'),
  collMod: refuse('collMod'),
  renameCollection: refuse('renameCollection'),
  serverStatus: refuse('serverStatus'),
  dbStats: refuse('dbStats'),
  collStats: refuse('collStats'),
  validate: refuse('validate'),
  bulkWrite: refuse('the bulkWrite command (use the per-collection insert/update/delete commands)'),
  createSearchIndexes: refuse('Atlas Search indexes'),
};

export function unknownCommand(name: string): never {
  throw commandError('CommandNotFound', `mongo-emulator does not support the command '${name}' (no such command)`);
}
