import type { Doc } from '../values/doc';
import { decodeDocument, encodeDocument } from './bson-codec';
import { HEADER_SIZE, OpCode, writeHeader } from './opcodes';

/** Legacy OP_QUERY: drivers still open every connection with a hello/isMaster sent this way. */
export interface DecodedQuery {
  fullCollectionName: string;
  query: Doc;
}

export function decodeOpQuery(message: Buffer): DecodedQuery {
  let offset = HEADER_SIZE + 4; // flags
  const nameEnd = message.indexOf(0, offset);
  const fullCollectionName = message.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(offset);
  const query = decodeDocument(message.subarray(offset, offset + size));
  return { fullCollectionName, query };
}

export function encodeOpReply(reply: Doc, requestId: number, responseTo: number): Buffer {
  const bson = encodeDocument(reply);
  const fixed = 4 + 8 + 4 + 4; // responseFlags, cursorID, startingFrom, numberReturned
  const message = Buffer.alloc(HEADER_SIZE + fixed + bson.length);
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.Reply });
  let offset = HEADER_SIZE;
  message.writeInt32LE(0, offset);
  offset += 4;
  message.writeBigInt64LE(0n, offset);
  offset += 8;
  message.writeInt32LE(0, offset);
  offset += 4;
  message.writeInt32LE(1, offset);
  offset += 4;
  bson.copy(message, offset);
  return message;
}
