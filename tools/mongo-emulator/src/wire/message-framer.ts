import { HEADER_SIZE, MAX_MESSAGE_SIZE } from './opcodes';

/** Reassembles whole wire messages from TCP chunks; a message may span chunks and a chunk may hold several. */
export class MessageFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns every message it completes. Throws on a length no real client would send. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) throw new Error(`invalid message length ${length}`);
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}
