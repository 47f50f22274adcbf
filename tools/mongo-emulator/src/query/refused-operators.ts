import { unsupported } from '../errors/error-codes';
import { isPlainObject } from '../values/doc';

/**
 * Operators mingo would run differently from the server, or that need a server feature the emulator lacks.
 * Any of them anywhere in a command is refused before the command touches data.
 */
const refused: Record<string, string> = {
  $where: '$where (server-side JavaScript)',
  $function: '$function (server-side JavaScript)',
  $accumulator: '$accumulator (server-side JavaScript)',
  $near: 'geospatial queries ($near)',
  $nearSphere: 'geospatial queries ($nearSphere)',
  $geoWithin: 'geospatial queries ($geoWithin)',
  $geoIntersects: 'geospatial queries ($geoIntersects)',
  $within: 'geospatial queries ($within)',
  $geoNear: 'geospatial queries ($geoNear)',
  $out: 'the $out aggregation stage',
  $merge: 'the $merge aggregation stage',
  $changeStream: 'change streams',
  $changeStreamSplitLargeEvent: 'change streams',
  $listSearchIndexes: 'Atlas Search indexes',
  $jsonSchema: '$jsonSchema',
  $collStats: 'the $collStats stage',
  $indexStats: 'the $indexStats stage',
  $currentOp: 'the $currentOp stage',
  $listSessions: 'the $listSessions stage',
  $listLocalSessions: 'the $listLocalSessions stage',
  $planCacheStats: 'the $planCacheStats stage',
  $toDecimal: 'Decimal128 ($toDecimal)',
};

export function assertNoRefusedOperators(value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) assertNoRefusedOperators(element);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') && Object.hasOwn(refused, key)) throw unsupported(refused[key]);
    assertNoRefusedOperators(inner);
  }
}

/** Stage names that collide with operator arguments elsewhere (`$text: { $search }`), so checked per stage. */
const refusedStages: Record<string, string> = {
  $search: 'Atlas Search ($search)',
  $searchMeta: 'Atlas Search ($searchMeta)',
  $vectorSearch: 'Atlas Vector Search ($vectorSearch)',
};

export function assertNoRefusedStages(pipeline: Record<string, unknown>[]): void {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    if (name && Object.hasOwn(refusedStages, name)) throw unsupported(refusedStages[name]);
  }
}

/** True when `key` occurs as a field name anywhere inside `value`. */
export function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((element) => containsKey(element, key));
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([name, inner]) => name === key || containsKey(inner, key));
}
