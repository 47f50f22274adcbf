import { Query } from 'mingo';
import { commandError, unsupported } from '../errors/error-codes';
import { refuseCollation } from '../query/collation';
import { isPlainObject, type Doc } from '../values/doc';
import { defaultIndexName, type IndexDefinition } from './index-definition';

const knownOptions = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'hidden',
  'collation',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  'v',
  'ns',
]);
const geoKinds = new Set(['2d', '2dsphere', 'geoHaystack']);

/** Turns one entry of `createIndexes.indexes` into a definition, refusing what the emulator cannot honour. */
export function parseIndexSpec(raw: unknown): IndexDefinition {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw commandError('FailedToParse', 'Index specification must have a non-empty key document');
  }
  for (const option of Object.keys(raw)) {
    if (!knownOptions.has(option)) {
      throw commandError(
        'InvalidIndexSpecificationOption',
        `The field '${option}' is not valid for an index specification.`,
      );
    }
  }
  refuseCollation(raw.collation);
  const textFields = validateKeyPattern(raw.key);
  const key = textFields ? textKeyPattern(raw.key) : raw.key;
  const name = typeof raw.name === 'string' ? raw.name : defaultIndexName(raw.key);
  const unique = raw.unique === true;
  if (unique && textFields) throw commandError('CannotCreateIndex', 'Text indexes cannot be unique');
  const spec: Doc = { v: 2, key, name };
  if (unique) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  const definition: IndexDefinition = { name, key: raw.key, unique, sparse: raw.sparse === true, spec, request: raw };
  if (raw.partialFilterExpression !== undefined) applyPartialFilter(definition, raw.partialFilterExpression);
  if (raw.expireAfterSeconds !== undefined) applyTtl(definition, raw.expireAfterSeconds, textFields);
  if (raw.hidden === true) spec.hidden = true;
  if (textFields) applyTextOptions(definition, raw, textFields);
  return definition;
}

/** Returns the text-indexed fields when the pattern is a text index, else undefined. */
function validateKeyPattern(key: Doc): string[] | 'all' | undefined {
  const textFields: string[] = [];
  for (const [field, value] of Object.entries(key)) {
    if (field === '$**' || field.endsWith('.$**')) {
      if (value === 'text') return 'all';
      throw unsupported('wildcard indexes');
    }
    if (typeof value === 'number' && value !== 0) continue;
    if (value === 'hashed') continue;
    if (value === 'text') {
      textFields.push(field);
      continue;
    }
    if (typeof value === 'string' && geoKinds.has(value)) throw unsupported(`geospatial indexes ('${value}')`);
    throw commandError('CannotCreateIndex', `Unknown index plugin '${String(value)}' in index ${JSON.stringify(key)}`);
  }
  return textFields.length ? textFields : undefined;
}

/** The real server stores text indexes under a fixed internal key; Mongoose compares against that shape. */
function textKeyPattern(key: Doc): Doc {
  const rest = Object.entries(key).filter(([, value]) => value !== 'text');
  return { ...Object.fromEntries(rest), _fts: 'text', _ftsx: 1 };
}

function applyPartialFilter(definition: IndexDefinition, filter: unknown): void {
  if (!isPlainObject(filter)) throw commandError('BadValue', 'partialFilterExpression must be an object');
  new Query(filter); // validates the expression now rather than on the first write
  definition.partialFilterExpression = filter;
  definition.spec.partialFilterExpression = filter;
}

function applyTtl(definition: IndexDefinition, seconds: unknown, textFields: unknown): void {
  const fields = Object.keys(definition.key);
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw commandError('CannotCreateIndex', "TTL index 'expireAfterSeconds' option must be a non-negative number");
  }
  if (fields.length !== 1 || textFields || fields[0] === '_id') {
    throw commandError(
      'CannotCreateIndex',
      'TTL indexes are single-field indexes, compound indexes do not support TTL',
    );
  }
  definition.expireAfterSeconds = seconds;
  definition.spec.expireAfterSeconds = seconds;
}

function applyTextOptions(definition: IndexDefinition, raw: Doc, fields: string[] | 'all'): void {
  definition.textFields = fields;
  const weights = isPlainObject(raw.weights) ? raw.weights : {};
  const listed = fields === 'all' ? { '$**': 1 } : Object.fromEntries(fields.map((field) => [field, 1]));
  definition.spec.weights = { ...listed, ...weights };
  definition.spec.default_language = typeof raw.default_language === 'string' ? raw.default_language : 'english';
  definition.spec.language_override = typeof raw.language_override === 'string' ? raw.language_override : 'language';
  definition.spec.textIndexVersion = 3;
}
