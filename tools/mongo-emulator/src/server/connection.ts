import type { Socket } from 'node:net';
import { dispatchCommand, type DispatchEnvironment } from '../protocol/dispatch';
import { commandError } from '../errors/error-codes';
import type { Doc } from '../values/doc';
import { MessageFramer } from '../wire/message-framer';
import { MsgFlags, decodeOpMsg, encodeOpMsg } from '../wire/op-msg';
import { decodeOpQuery, encodeOpReply } from '../wire/op-query';
import { OpCode, readHeader } from '../wire/opcodes';

let nextRequestId = 1;

/**
 * One client socket. Each complete message is decoded, executed and answered synchronously inside the data
 * event, so commands from all connections run one at a time in arrival order.
 */
export function serveConnection(socket: Socket, environment: DispatchEnvironment): void {
  const framer = new MessageFramer();
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of framer.push(chunk)) {
        const reply = handleMessage(message, environment);
        if (reply) socket.write(reply);
      }
    } catch {
      // A malformed frame means the stream can no longer be trusted; real servers drop the connection too.
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}

function handleMessage(message: Buffer, environment: DispatchEnvironment): Buffer | undefined {
  const header = readHeader(message);
  const requestId = nextRequestId++;
  if (header.opCode === OpCode.Msg) {
    const { flags, body, sequences } = decodeOpMsg(message);
    for (const [identifier, docs] of sequences) body[identifier] = docs;
    const reply = dispatchCommand(environment, body);
    // moreToCome from the client means an unacknowledged write (w: 0): no reply is expected.
    return flags & MsgFlags.moreToCome ? undefined : encodeOpMsg(reply, requestId, header.requestId);
  }
  if (header.opCode === OpCode.Query) {
    return encodeOpReply(runLegacyQuery(message, environment), requestId, header.requestId);
  }
  throw new Error(`unsupported opcode ${header.opCode}`);
}

/** OP_QUERY is only accepted for commands (`<db>.$cmd`), which is how drivers send their first hello. */
function runLegacyQuery(message: Buffer, environment: DispatchEnvironment): Doc {
  const { fullCollectionName, query } = decodeOpQuery(message);
  const [dbName, ...rest] = fullCollectionName.split('.');
  if (rest.join('.') !== '$cmd') {
    return commandError(
      'CommandNotSupported',
      'mongo-emulator does not support legacy OP_QUERY reads (use OP_MSG)',
    ).toReply();
  }
  const command = (query.$query ?? query) as Doc;
  return dispatchCommand(environment, command, dbName);
}
