import type { Options } from 'mingo/types';
import type { Database } from '../storage/database';
import { cloneValue } from '../values/clone';
import type { Doc } from '../values/doc';

/**
 * Options for every mingo call: scripts off (the emulator refuses $where/$function anyway) and other
 * collections of the same database resolvable for $lookup, $graphLookup and $unionWith. Those are copied
 * once per call so no stage can reach a stored document.
 */
export function mingoOptions(db: Database, variables?: Doc): Partial<Options> {
  const resolved = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let docs = resolved.get(name);
    if (!docs) {
      docs = cloneValue(db.get(name)?.all() ?? []);
      resolved.set(name, docs);
    }
    return docs;
  };
  return { scriptEnabled: false, useStrictMode: true, collectionResolver, ...(variables ? { variables } : {}) };
}
