import { Database } from './database';
import { assertValidDatabaseName } from './namespaces';

/** All databases of one emulator instance. A database exists once it has a collection. */
export class Store {
  private readonly databasesByName = new Map<string, Database>();

  get databases(): Database[] {
    return [...this.databasesByName.values()].filter((db) => db.collections.length > 0);
  }

  database(name: unknown): Database {
    assertValidDatabaseName(name);
    let db = this.databasesByName.get(name);
    if (!db) {
      db = new Database(name);
      this.databasesByName.set(name, db);
    }
    return db;
  }

  dropDatabase(name: string): void {
    this.databasesByName.delete(name);
  }
}
