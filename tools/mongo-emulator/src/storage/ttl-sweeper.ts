import type { Store } from './store';
import { valuesAtPath } from '../values/paths';

/**
 * Deletes documents whose TTL index field (a date, or the earliest date of an array) is older than
 * expireAfterSeconds, as the server's TTL monitor does. Documents without a date in that field never expire.
 */
export function sweepExpiredDocuments(store: Store, now: Date): number {
  let removed = 0;
  for (const db of store.databases) {
    for (const collection of db.collections) {
      for (const index of collection.indexes) {
        if (index.expireAfterSeconds === undefined) continue;
        const field = Object.keys(index.key)[0];
        const cutoff = now.getTime() - index.expireAfterSeconds * 1000;
        for (const doc of collection.all()) {
          if (collection.findById(doc._id) !== doc) continue; // already expired through another TTL index
          const dates = valuesAtPath(doc, field).values.filter((value): value is Date => value instanceof Date);
          if (dates.length && Math.min(...dates.map((date) => date.getTime())) <= cutoff) {
            collection.remove(doc);
            removed++;
          }
        }
      }
    }
  }
  return removed;
}
