import { commandError } from '../errors/error-codes';
import { duplicateKeyError } from '../indexes/duplicate-key-error';
import { ID_INDEX, type IndexDefinition } from '../indexes/index-definition';
import type { IndexEntry } from '../indexes/index-entries';
import { UniqueConstraint } from '../indexes/unique-constraint';
import type { Doc } from '../values/doc';
import { valueKey } from '../values/value-key';

/**
 * Documents in natural (insertion) order keyed by their _id, plus the indexes. Every write checks all unique
 * indexes before it changes anything, so a rejected write leaves the collection exactly as it was. Stored
 * documents are never mutated in place: updates swap in a new object, which keeps open cursors consistent.
 */
export class Collection {
  private readonly docs = new Map<string, Doc>();
  private readonly indexList: IndexDefinition[] = [ID_INDEX];
  private readonly constraints = new Map<string, UniqueConstraint>();

  constructor(
    readonly dbName: string,
    readonly name: string,
  ) {}

  get namespace(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  get indexes(): readonly IndexDefinition[] {
    return this.indexList;
  }

  all(): Doc[] {
    return [...this.docs.values()];
  }

  findById(id: unknown): Doc | undefined {
    return this.docs.get(valueKey(id));
  }

  insert(doc: Doc): void {
    const docKey = valueKey(doc._id);
    if (this.docs.has(docKey)) {
      throw duplicateKeyError(this.namespace, ID_INDEX.name, ID_INDEX.key, { _id: doc._id });
    }
    const pending = this.checkConstraints(docKey, doc);
    this.docs.set(docKey, doc);
    for (const [constraint, entries] of pending) constraint.add(docKey, entries);
  }

  /** Replaces the document with the same _id; the caller guarantees _id did not change. */
  replace(previous: Doc, next: Doc): void {
    const docKey = valueKey(previous._id);
    const pending = this.checkConstraints(docKey, next);
    for (const [constraint, entries] of pending) {
      constraint.remove(docKey, previous);
      constraint.add(docKey, entries);
    }
    this.docs.set(docKey, next);
  }

  remove(doc: Doc): void {
    const docKey = valueKey(doc._id);
    for (const constraint of this.constraints.values()) constraint.remove(docKey, doc);
    this.docs.delete(docKey);
  }

  /** Adds an index; a unique one is built over the existing documents first and refused on duplicates. */
  addIndex(index: IndexDefinition): void {
    if (index.unique) {
      const constraint = new UniqueConstraint(index, this.namespace);
      for (const [docKey, doc] of this.docs) constraint.add(docKey, constraint.check(docKey, doc));
      this.constraints.set(index.name, constraint);
    }
    this.indexList.push(index);
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX.name) throw commandError('InvalidOptions', 'cannot drop _id index');
    const position = this.indexList.findIndex((index) => index.name === name);
    if (position < 0) throw commandError('IndexNotFound', `index not found with name [${name}]`);
    this.indexList.splice(position, 1);
    this.constraints.delete(name);
  }

  private checkConstraints(docKey: string, doc: Doc): Array<[UniqueConstraint, IndexEntry[]]> {
    return [...this.constraints.values()].map((constraint) => [constraint, constraint.check(docKey, doc)]);
  }
}
