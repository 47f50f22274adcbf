import { commandError } from '../errors/error-codes';
import type { IndexDefinition } from '../indexes/index-definition';
import { parseIndexSpec } from '../indexes/parse-index-spec';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import type { Collection } from '../storage/collection';
import { isPlainObject } from '../values/doc';
import { formatDocument } from '../values/format-value';
import { valueKey } from '../values/value-key';
import { collectionName, namespaceOf, requiredArray } from './command-args';

const comparable = (index: IndexDefinition): string => valueKey({ ...index.spec, name: '' });

/** True when an identical index exists already (a no-op, as on the server); throws on a conflicting one. */
function alreadyExists(collection: Collection, wanted: IndexDefinition): boolean {
  for (const existing of collection.indexes) {
    const sameKey = valueKey(existing.spec.key) === valueKey(wanted.spec.key);
    if (existing.name === wanted.name) {
      if (comparable(existing) === comparable(wanted)) return true;
      throw commandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${formatDocument(wanted.spec)}, existing index: ${formatDocument(existing.spec)}`,
      );
    }
    if (sameKey)
      throw commandError('IndexOptionsConflict', `Index already exists with a different name: ${existing.name}`);
    if (existing.textFields && wanted.textFields) {
      throw commandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${formatDocument(wanted.spec)}, existing index: ${formatDocument(existing.spec)}`,
      );
    }
  }
  return false;
}

const createIndexes: CommandHandler = (context) => {
  const wanted = requiredArray(context.body, 'indexes').map(parseIndexSpec);
  const name = collectionName(context);
  const createdCollectionAutomatically = !context.db.get(name);
  const collection = context.db.getOrCreate(name);
  const numIndexesBefore = collection.indexes.length;
  const added: string[] = [];
  try {
    for (const index of wanted) {
      if (alreadyExists(collection, index)) continue;
      collection.addIndex(index);
      added.push(index.name);
    }
  } catch (error) {
    // All or nothing, like the server: a duplicate found while building one index undoes the others.
    for (const name of added) collection.dropIndex(name);
    throw error;
  }
  context.markDirty();
  const numIndexesAfter = collection.indexes.length;
  const note = numIndexesAfter === numIndexesBefore ? { note: 'all indexes already exist' } : {};
  return { numIndexesBefore, numIndexesAfter, createdCollectionAutomatically, ...note, ok: 1 };
};

function requireCollection(context: CommandContext): Collection {
  const collection = context.db.get(collectionName(context));
  if (!collection) throw commandError('NamespaceNotFound', `ns does not exist: ${namespaceOf(context)}`);
  return collection;
}

const listIndexes: CommandHandler = (context) => {
  const collection = requireCollection(context);
  const cursorOptions = isPlainObject(context.body.cursor) ? context.body.cursor : {};
  const specs = collection.indexes.map((index) => index.spec);
  return { cursor: context.cursors.open(namespaceOf(context), specs, { batchSize: cursorOptions.batchSize }), ok: 1 };
};

/** Resolves the `index` field of dropIndexes: '*', a name, a key pattern or a list of names. */
function indexNames(collection: Collection, target: unknown): string[] {
  if (target === '*') return collection.indexes.filter((index) => index.name !== '_id_').map((index) => index.name);
  if (typeof target === 'string') return [target];
  if (Array.isArray(target) && target.every((name) => typeof name === 'string')) return target;
  if (isPlainObject(target)) {
    const match = collection.indexes.find(
      (index) => valueKey(index.key) === valueKey(target) || valueKey(index.spec.key) === valueKey(target),
    );
    if (!match) throw commandError('IndexNotFound', `can't find index with key: ${formatDocument(target)}`);
    return [match.name];
  }
  throw commandError('TypeMismatch', "'index' must be a string, an array of strings or a key pattern");
}

const dropIndexes: CommandHandler = (context) => {
  const collection = requireCollection(context);
  const names = indexNames(collection, context.body.index);
  for (const name of names) {
    if (name === '_id_') throw commandError('InvalidOptions', 'cannot drop _id index');
    if (!collection.indexes.some((index) => index.name === name))
      throw commandError('IndexNotFound', `index not found with name [${name}]`);
  }
  const nIndexesWas = collection.indexes.length;
  for (const name of names) collection.dropIndex(name);
  context.markDirty();
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
