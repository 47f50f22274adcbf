import { EJSON } from 'bson';
import { parseIndexSpec } from '../indexes/parse-index-spec';
import { isPlainObject, type Doc } from '../values/doc';
import { normalizeValue } from '../values/normalize-values';
import type { Store } from './store';

/**
 * A snapshot is one JSON file (readable, diffable):
 *   { "format": "mongo-emulator-snapshot", "version": 1, "savedAt": "<ISO date>",
 *     "databases": [{ "name", "collections": [{ "name", "indexes": [<createIndexes entry>...], "documents": [...] }] }] }
 * Everything under `databases` is Canonical Extended JSON, exact for every type the emulator stores. The _id
 * index is implicit; documents are listed in natural order.
 */
const FORMAT = 'mongo-emulator-snapshot';
const VERSION = 1;

export function serializeSnapshot(store: Store): string {
  const databases = store.databases.map((db) => ({
    name: db.name,
    collections: db.collections.map((collection) => ({
      name: collection.name,
      indexes: collection.indexes.filter((index) => index.name !== '_id_').map((index) => index.request),
      documents: collection.all(),
    })),
  }));
  const envelope = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    databases: EJSON.serialize(databases, { relaxed: false }),
  };
  return `${JSON.stringify(envelope, undefined, 1)}\n`;
}

/** Loads a snapshot into an empty store; unique indexes are rebuilt and re-checked on the way in. */
export function restoreSnapshot(store: Store, text: string): void {
  const envelope = JSON.parse(text) as Doc;
  if (envelope.format !== FORMAT || envelope.version !== VERSION || !Array.isArray(envelope.databases)) {
    throw new Error(`not a ${FORMAT} version ${VERSION} file`);
  }
  const databases = normalizeValue(EJSON.deserialize(envelope.databases)) as unknown[];
  for (const dbEntry of databases.filter(isPlainObject)) {
    const db = store.database(dbEntry.name);
    for (const entry of (dbEntry.collections as unknown[]).filter(isPlainObject)) {
      const collection = db.getOrCreate(entry.name);
      for (const request of entry.indexes as unknown[]) collection.addIndex(parseIndexSpec(request));
      for (const doc of (entry.documents as unknown[]).filter(isPlainObject)) collection.insert(doc);
    }
  }
}
