import type { Doc } from '../values/doc';

/** One index of a collection as the emulator enforces it. */
export interface IndexDefinition {
  name: string;
  /** The key pattern in its original field order, e.g. `{ email: 1 }` or `{ tenant: 1, sku: -1 }`. */
  key: Doc;
  unique: boolean;
  sparse: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  /** Fields covered by a text index ('all' for a `$**` text index). */
  textFields?: string[] | 'all';
  /** The document listIndexes returns, shaped like the real server's. */
  spec: Doc;
  /** The createIndexes entry this index came from; snapshots store it to rebuild the index on load. */
  request: Doc;
}

export const ID_INDEX: IndexDefinition = {
  name: '_id_',
  key: { _id: 1 },
  unique: true,
  sparse: false,
  spec: { v: 2, key: { _id: 1 }, name: '_id_' },
  request: { key: { _id: 1 }, name: '_id_' },
};

/** The server's default name: every key field and its value, joined by underscores (`a_1_b_-1`). */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, value]) => `${field}_${String(value)}`)
    .join('_');
}
