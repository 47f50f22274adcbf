import { errorOf, useEmulator } from './support/emulator-fixture';

describe('mongo-emulator handshake and administrative commands', () => {
  const fixture = useEmulator();
  const admin = () => fixture.db('admin');

  it('describes itself as a standalone MongoDB 7.0 the driver accepts', async () => {
    const hello = await admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      maxWireVersion: 21,
      logicalSessionTimeoutMinutes: 30,
      ok: 1,
    });
    expect(hello.setName).toBeUndefined();
    expect(await admin().command({ isMaster: 1 })).toMatchObject({ ismaster: true });
    expect(await admin().command({ ismaster: 1 })).toMatchObject({ ismaster: true });
    expect(await admin().command({ buildInfo: 1 })).toMatchObject({ version: '7.0.0', versionArray: [7, 0, 0, 0] });
    expect(await admin().command({ buildinfo: 1 })).toMatchObject({ version: '7.0.0' });
    expect(await fixture.db('any').admin().ping()).toEqual({ ok: 1 });
  });

  it('accepts the small bookkeeping commands drivers send', async () => {
    expect(await admin().command({ endSessions: [] })).toEqual({ ok: 1 });
    expect(await admin().command({ getLastError: 1 })).toMatchObject({ ok: 1 });
    expect((await admin().command({ whatsmyuri: 1 })).you).toMatch(/^connection \d+$/);
    expect(await admin().command({ connectionStatus: 1 })).toMatchObject({ authInfo: { authenticatedUsers: [] } });
  });

  it('keeps databases independent and lists them from admin only', async () => {
    await fixture.db('ecommerce_products').collection('items').insertOne({ sku: 'a' });
    await fixture.db('ecommerce_users').collection('items').insertOne({ email: 'b' });
    expect(await fixture.db('ecommerce_products').collection('items').countDocuments()).toBe(1);
    const { databases } = await fixture.client.db().admin().listDatabases();
    expect(databases.map((d) => d.name)).toEqual(expect.arrayContaining(['ecommerce_products', 'ecommerce_users']));
    const named = await admin().command({ listDatabases: 1, nameOnly: true, filter: { name: 'ecommerce_users' } });
    expect(named.databases).toEqual([{ name: 'ecommerce_users' }]);
    expect((await errorOf(() => fixture.db('x').command({ listDatabases: 1 }))).codeName).toBe('Unauthorized');
  });

  it('creates, lists and drops collections and databases', async () => {
    const db = fixture.db('admin_cmds');
    await db.createCollection('alpha');
    await db.collection('beta').insertOne({ a: 1 });
    expect((await errorOf(() => db.createCollection('alpha'))).codeName).toBe('NamespaceExists');
    expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(['alpha', 'beta']);
    const full = await db.listCollections({ name: 'beta' }).toArray();
    expect(full).toEqual([expect.objectContaining({ name: 'beta', type: 'collection', info: { readOnly: false } })]);
    expect(await db.listCollections({}, { nameOnly: true }).toArray()).toContainEqual({
      name: 'alpha',
      type: 'collection',
    });
    expect(await db.collection('alpha').drop()).toBe(true);
    expect(await db.collection('alpha').drop()).toBe(true); // MongoDB 7: dropping a missing collection succeeds
    expect(await db.dropDatabase()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('validates collection names like the server (the driver itself checks database names)', async () => {
    expect((await errorOf(() => fixture.db('ok').collection('bad$name').insertOne({}))).codeName).toBe(
      'InvalidNamespace',
    );
    expect((await errorOf(() => fixture.db('ok').command({ find: 5 }))).codeName).toBe('InvalidNamespace');
  });

  it('rejects malformed arguments with the server codes', async () => {
    const db = fixture.db('args');
    expect((await errorOf(() => db.command({ insert: 'x' }))).codeName).toBe('FailedToParse');
    expect((await errorOf(() => db.command({ find: 'x', skip: 'a' }))).codeName).toBe('TypeMismatch');
    expect((await errorOf(() => db.command({ find: 'x', skip: -1 }))).codeName).toBe('BadValue');
    expect((await errorOf(() => db.command({ find: 'x', filter: 5 }))).codeName).toBe('TypeMismatch');
    expect((await errorOf(() => db.command({ find: 'x', sort: 5 }))).codeName).toBe('TypeMismatch');
    expect((await errorOf(() => db.command({ find: 'x', sort: { a: 2 } }))).codeName).toBe('BadValue');
    expect((await errorOf(() => db.command({ find: 'x', projection: 5 }))).codeName).toBe('TypeMismatch');
    expect((await errorOf(() => db.command({ find: 'x', sort: { $natural: 1, a: 1 } }))).code).toBe(115);
    expect((await errorOf(() => db.command({ distinct: 'x', key: '' }))).codeName).toBe('FailedToParse');
    expect((await errorOf(() => db.command({ listCollections: 1, filter: 5 }))).codeName).toBe('TypeMismatch');
    const inserted = await db.command({ insert: 'x', documents: [5] });
    expect(inserted.writeErrors[0]).toMatchObject({ index: 0, code: 14 });
    const updated = await db.command({ update: 'x', updates: [5] }).catch((e: Error) => e);
    expect((updated as Error).message).toContain('Each update statement must be an object');
  });
});
