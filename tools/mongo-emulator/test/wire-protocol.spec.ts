import { startMongoEmulator, type MongoEmulator } from '../src/index';
import { RawWireClient, header, opMsg, opQuery } from './support/raw-wire';

describe('mongo-emulator wire protocol', () => {
  let emulator: MongoEmulator;
  let client: RawWireClient;

  beforeAll(async () => {
    emulator = await startMongoEmulator();
  });
  beforeEach(async () => {
    client = await RawWireClient.open(emulator.port);
  });
  afterEach(() => client.close());
  afterAll(() => emulator.stop());

  it('answers the legacy OP_QUERY handshake with OP_REPLY', async () => {
    client.write(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await client.readReply();
    expect(reply).toMatchObject({ opCode: 1, responseTo: 7 });
    expect(reply.doc).toMatchObject({
      ismaster: true,
      helloOk: true,
      maxWireVersion: 21,
      logicalSessionTimeoutMinutes: 30,
      ok: 1,
    });
    expect(reply.doc.setName).toBeUndefined();
  });

  it('accepts the $query-wrapped form and refuses legacy reads from collections', async () => {
    client.write(opQuery(8, 'admin.$cmd', { $query: { hello: 1 } }));
    expect((await client.readReply()).doc).toMatchObject({ isWritablePrimary: true, ok: 1 });
    client.write(opQuery(9, 'test.users', { name: 'x' }));
    expect((await client.readReply()).doc).toMatchObject({
      ok: 0,
      code: 115,
      errmsg: 'mongo-emulator does not support legacy OP_QUERY reads (use OP_MSG)',
    });
  });

  it('reads kind-1 document sequences and tolerates the checksum flag', async () => {
    client.write(
      opMsg(10, { insert: 'seq', $db: 'wire' }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }] }, checksum: true }),
    );
    const reply = await client.readReply();
    expect(reply).toMatchObject({ opCode: 2013, responseTo: 10, doc: { n: 2, ok: 1 } });
  });

  it('sends no reply for moreToCome (unacknowledged) messages but still executes them', async () => {
    client.write(
      opMsg(11, { insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire', writeConcern: { w: 0 } }, { flags: 2 }),
    );
    client.write(opMsg(12, { count: 'quiet', $db: 'wire' }));
    const reply = await client.readReply();
    expect(reply).toMatchObject({ responseTo: 12, doc: { n: 1 } });
  });

  it('reassembles messages split across packets and several messages in one packet', async () => {
    const first = opMsg(13, { ping: 1, $db: 'admin' });
    const second = opMsg(14, { ping: 1, $db: 'admin' });
    client.write(first.subarray(0, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.write(Buffer.concat([first.subarray(5), second]));
    expect((await client.readReply()).responseTo).toBe(13);
    expect((await client.readReply()).responseTo).toBe(14);
  });

  it('answers an empty command and an invalid database name with errors', async () => {
    client.write(opMsg(15, {}));
    expect((await client.readReply()).doc).toMatchObject({ ok: 0, codeName: 'FailedToParse' });
    client.write(opMsg(16, { insert: 'x', documents: [{}], $db: 'bad.name' }));
    expect((await client.readReply()).doc).toMatchObject({
      ok: 0,
      codeName: 'InvalidNamespace',
      errmsg: "Invalid database name: 'bad.name'",
    });
  });

  it('drops the connection on an impossible frame length or an unknown opcode', async () => {
    client.write(header(4, 1, 2013));
    expect(await client.waitForClose()).toBe(true);
    const other = await RawWireClient.open(emulator.port);
    other.write(Buffer.concat([header(20, 2, 2012), Buffer.alloc(4)]));
    expect(await other.waitForClose()).toBe(true);
    const third = await RawWireClient.open(emulator.port);
    third.write(Buffer.concat([header(22, 3, 2013), Buffer.alloc(4), Buffer.from([7, 0])]));
    expect(await third.waitForClose()).toBe(true);
  });
});
