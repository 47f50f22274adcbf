import { connect, type Socket } from 'node:net';
import { deserialize, serialize, type Document } from 'bson';

/** A bare TCP client for wire-level tests: sends hand-built frames and decodes the replies. */
export class RawWireClient {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  static open(port: number): Promise<RawWireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawWireClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits for one whole reply frame and returns its opcode and first document. */
  async readReply(): Promise<{ opCode: number; responseTo: number; doc: Document }> {
    while (this.buffer.length < 4 || this.buffer.length < this.buffer.readInt32LE(0)) {
      if (this.closed) throw new Error('connection closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const length = this.buffer.readInt32LE(0);
    const frame = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    const opCode = frame.readInt32LE(12);
    const docStart = opCode === 1 ? 36 : 21;
    return { opCode, responseTo: frame.readInt32LE(8), doc: deserialize(frame.subarray(docStart)) };
  }

  async waitForClose(): Promise<boolean> {
    const deadline = Date.now() + 2000;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function header(length: number, requestId: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(requestId, 4);
  bytes.writeInt32LE(0, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** OP_MSG with a body and optional kind-1 sequences; `checksum` appends four (unverified) bytes. */
export function opMsg(
  requestId: number,
  body: Document,
  options: { flags?: number; sequences?: Record<string, Document[]>; checksum?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [identifier, docs] of Object.entries(options.sequences ?? {})) {
    const payload = Buffer.concat([Buffer.from(identifier + '\0'), ...docs.map((doc) => Buffer.from(serialize(doc)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.flags ?? 0) | (options.checksum ? 1 : 0));
  const tail = options.checksum ? Buffer.alloc(4) : Buffer.alloc(0);
  const content = Buffer.concat([flags, ...parts, tail]);
  return Buffer.concat([header(16 + content.length, requestId, 2013), content]);
}

export function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const fixed = Buffer.alloc(4);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const content = Buffer.concat([fixed, Buffer.from(namespace + '\0'), skipReturn, Buffer.from(serialize(query))]);
  return Buffer.concat([header(16 + content.length, requestId, 2004), content]);
}
