import type { Doc } from '../values/doc';
import { duplicateKeyError } from './duplicate-key-error';
import type { IndexDefinition } from './index-definition';
import { indexEntries, type IndexEntry } from './index-entries';

/** The key -> document map behind one unique index. */
export class UniqueConstraint {
  private readonly owners = new Map<string, string>();

  constructor(
    readonly index: IndexDefinition,
    private readonly namespace: string,
  ) {}

  /** Throws the E11000 the server would if `doc` (stored under `docKey`) were written now. */
  check(docKey: string, doc: Doc): IndexEntry[] {
    const entries = indexEntries(this.index, doc);
    for (const entry of entries) {
      const owner = this.owners.get(entry.key);
      if (owner !== undefined && owner !== docKey) {
        throw duplicateKeyError(this.namespace, this.index.name, this.index.key, entry.keyValue);
      }
    }
    return entries;
  }

  add(docKey: string, entries: IndexEntry[]): void {
    for (const entry of entries) this.owners.set(entry.key, docKey);
  }

  remove(docKey: string, doc: Doc): void {
    for (const entry of indexEntries(this.index, doc)) {
      if (this.owners.get(entry.key) === docKey) this.owners.delete(entry.key);
    }
  }
}
