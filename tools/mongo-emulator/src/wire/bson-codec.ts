import { deserialize, serialize } from 'bson';
import type { Doc } from '../values/doc';

// Numbers are promoted to JS numbers on the way in (see values/normalize-values.ts for why that is safe) and
// bson's defaults write them back as int32 when integral and in range, else as double.
export function decodeDocument(bytes: Buffer): Doc {
  return deserialize(bytes, { promoteValues: true, promoteLongs: true, promoteBuffers: false, bsonRegExp: false });
}

export function encodeDocument(doc: Doc): Buffer {
  return Buffer.from(serialize(doc, { ignoreUndefined: true }));
}
