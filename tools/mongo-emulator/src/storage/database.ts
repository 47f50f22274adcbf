import { Collection } from './collection';
import { assertValidCollectionName } from './namespaces';

/** One database: an independent namespace of collections (each service uses its own). */
export class Database {
  private readonly collectionsByName = new Map<string, Collection>();

  constructor(readonly name: string) {}

  get collections(): Collection[] {
    return [...this.collectionsByName.values()];
  }

  get(name: string): Collection | undefined {
    return this.collectionsByName.get(name);
  }

  /** Writes create their collection implicitly, like the real server. */
  getOrCreate(name: unknown): Collection {
    assertValidCollectionName(this.name, name);
    let collection = this.collectionsByName.get(name);
    if (!collection) {
      collection = new Collection(this.name, name);
      this.collectionsByName.set(name, collection);
    }
    return collection;
  }

  create(name: unknown): Collection {
    assertValidCollectionName(this.name, name);
    const collection = new Collection(this.name, name);
    this.collectionsByName.set(name, collection);
    return collection;
  }

  drop(name: string): boolean {
    return this.collectionsByName.delete(name);
  }
}
