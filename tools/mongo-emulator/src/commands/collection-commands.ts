import { calculateObjectSize } from 'bson';
import { Query } from 'mingo';
import { commandError, unsupported } from '../errors/error-codes';
import type { CommandHandler } from '../protocol/command-context';
import { refuseCollation } from '../query/collation';
import type { Collection } from '../storage/collection';
import type { Doc } from '../values/doc';
import { collectionName, namespaceOf, optionalDoc } from './command-args';

// Collection options that change how the server stores or validates documents; ignoring them would mislead.
const refusedCreateOptions: Record<string, string> = {
  capped: 'capped collections',
  validator: 'collection validators',
  viewOn: 'views',
  timeseries: 'time series collections',
  clusteredIndex: 'clustered collections',
  changeStreamPreAndPostImages: 'change streams',
  encryptedFields: 'queryable encryption',
};

const create: CommandHandler = (context) => {
  const name = collectionName(context);
  for (const [option, feature] of Object.entries(refusedCreateOptions)) {
    if (context.body[option] !== undefined && context.body[option] !== false) throw unsupported(feature);
  }
  refuseCollation(context.body.collation);
  if (context.db.get(name)) throw commandError('NamespaceExists', `Collection ${namespaceOf(context)} already exists.`);
  context.db.create(name);
  context.markDirty();
  return { ok: 1 };
};

/** Dropping a missing collection succeeds, as it does from MongoDB 7.0 on. */
const drop: CommandHandler = (context) => {
  const name = collectionName(context);
  const collection = context.db.get(name);
  if (!collection) return { ok: 1 };
  context.db.drop(name);
  context.markDirty();
  return { ns: collection.namespace, nIndexesWas: collection.indexes.length, ok: 1 };
};

const dropDatabase: CommandHandler = (context) => {
  context.store.dropDatabase(context.db.name);
  context.markDirty();
  return { ok: 1 };
};

function describe(collection: Collection): Doc {
  return {
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

const listCollections: CommandHandler = (context) => {
  const filter = optionalDoc(context.body, 'filter') ?? {};
  const query = new Query(filter);
  const nameOnly = context.body.nameOnly === true;
  const entries = context.db.collections
    .map(describe)
    .filter((entry) => query.test(entry))
    .map((entry) => (nameOnly ? { name: entry.name, type: entry.type } : entry));
  const namespace = `${context.db.name}.$cmd.listCollections`;
  return {
    cursor: context.cursors.open(namespace, entries, { batchSize: optionalDoc(context.body, 'cursor')?.batchSize }),
    ok: 1,
  };
};

const listDatabases: CommandHandler = (context) => {
  if (context.db.name !== 'admin')
    throw commandError('Unauthorized', 'listDatabases may only be run against the admin database.');
  const databases = context.store.databases.map((db) => {
    const sizeOnDisk = db.collections.reduce(
      (sum, c) => sum + c.all().reduce((n, doc) => n + calculateObjectSize(doc), 0),
      0,
    );
    return { name: db.name, sizeOnDisk, empty: db.collections.every((c) => c.size === 0) };
  });
  const filter = new Query(optionalDoc(context.body, 'filter') ?? {});
  const listed = databases.filter((entry) => filter.test(entry));
  if (context.body.nameOnly === true) return { databases: listed.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = listed.reduce((sum, entry) => sum + entry.sizeOnDisk, 0);
  return { databases: listed, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024), ok: 1 };
};

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
};
