import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/opcodes';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import type { Doc } from '../values/doc';

/** Reported as MongoDB 7.0 (wire version 21): inside driver 7's supported range (wire 9 to 29). */
export const EMULATED_VERSION = '7.0.0';
const MAX_WIRE_VERSION = 21;

/**
 * A standalone server: no setName (so the driver uses a direct, single-server topology without retryable
 * writes or transactions) and logicalSessionTimeoutMinutes, without which driver 7 would refuse implicit sessions.
 * No topologyVersion either, so the driver polls instead of opening a streaming (exhaust) monitor.
 */
function hello(context: CommandContext, legacyName: boolean): Doc {
  return {
    helloOk: true,
    ...(legacyName ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (context) => hello(context, false),
  isMaster: (context) => hello(context, true),
  ismaster: (context) => hello(context, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: EMULATED_VERSION,
    gitVersion: 'mongo-emulator',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['mongo-emulator'],
    modules: [],
    ok: 1,
  }),
  buildinfo: (context) => handshakeCommands.buildInfo(context),
  // Sessions carry no state here (no transactions), so ending them has nothing to release.
  endSessions: () => ({ ok: 1 }),
  getLastError: () => ({ n: 0, err: null, ok: 1 }),
  whatsmyuri: (context) => ({ you: `connection ${context.connectionId}`, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
};
