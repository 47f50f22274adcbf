import type { Doc } from '../values/doc';
import { decodeDocument, encodeDocument } from './bson-codec';
import { HEADER_SIZE, OpCode, writeHeader } from './opcodes';

export const MsgFlags = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

export interface DecodedMsg {
  flags: number;
  body: Doc;
  /** kind-1 sections, e.g. `documents` of an insert, keyed by their identifier. */
  sequences: Map<string, Doc[]>;
}

export function decodeOpMsg(message: Buffer): DecodedMsg {
  const flags = message.readUInt32LE(HEADER_SIZE);
  // The CRC-32C checksum is optional; the emulator runs on loopback and skips verifying it.
  const end = flags & MsgFlags.checksumPresent ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Doc | undefined;
  const sequences = new Map<string, Doc[]>();
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      body = decodeDocument(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const docs: Doc[] = [];
      let cursor = nameEnd + 1;
      while (cursor < sectionEnd) {
        const docSize = message.readInt32LE(cursor);
        docs.push(decodeDocument(message.subarray(cursor, cursor + docSize)));
        cursor += docSize;
      }
      sequences.set(identifier, docs);
      offset = sectionEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  return { flags, body, sequences };
}

export function encodeOpMsg(reply: Doc, requestId: number, responseTo: number): Buffer {
  const bson = encodeDocument(reply);
  const message = Buffer.alloc(HEADER_SIZE + 4 + 1 + bson.length);
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.Msg });
  message.writeUInt32LE(0, HEADER_SIZE);
  message.writeUInt8(0, HEADER_SIZE + 4);
  bson.copy(message, HEADER_SIZE + 5);
  return message;
}
