import { commandError, unsupported } from '../errors/error-codes';
import type { CommandHandler } from '../protocol/command-context';
import { refuseCollation } from '../query/collation';
import { readFilter, selectDocuments } from '../query/select-documents';
import { shapeResults } from '../query/shape-results';
import {
  collectionName,
  existingCollection,
  namespaceOf,
  optionalDoc,
  optionalNumber,
  requiredArray,
} from './command-args';

const find: CommandHandler = (context) => {
  const { body } = context;
  for (const option of ['tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId']) {
    if (body[option] !== undefined && body[option] !== false) throw unsupported(`find with '${option}'`);
  }
  refuseCollation(body.collation);
  const skip = optionalNumber(body, 'skip') ?? 0;
  const rawLimit = optionalNumber(body, 'limit') ?? 0;
  if (skip < 0) throw commandError('BadValue', 'skip value must be non-negative');
  const filter = readFilter(body.filter);
  const selection = selectDocuments(context.db, existingCollection(context), filter, optionalDoc(body, 'let'));
  const docs = shapeResults(context.db, selection, {
    sort: body.sort,
    skip,
    limit: Math.abs(rawLimit),
    projection: body.projection,
    filter,
  });
  // A negative limit is the legacy way of asking for one batch only.
  const singleBatch = body.singleBatch === true || rawLimit < 0;
  return {
    cursor: context.cursors.open(namespaceOf(context), docs, { batchSize: body.batchSize, singleBatch }),
    ok: 1,
  };
};

const getMore: CommandHandler = (context) => {
  const { body } = context;
  if (typeof body.collection !== 'string') throw commandError('TypeMismatch', "Field 'collection' must be a string");
  return {
    cursor: context.cursors.getMore(body.getMore, namespaceOf(context, body.collection), body.batchSize),
    ok: 1,
  };
};

const killCursors: CommandHandler = (context) => {
  collectionName(context);
  const { killed, notFound } = context.cursors.kill(requiredArray(context.body, 'cursors'));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const cursorCommands: Record<string, CommandHandler> = { find, getMore, killCursors };
