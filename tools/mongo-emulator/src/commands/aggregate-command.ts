import { Aggregator, ProcessingMode } from 'mingo';
import { commandError, unsupported } from '../errors/error-codes';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import { mingoOptions } from '../query/mingo-options';
import { assertNoRefusedStages, containsKey } from '../query/refused-operators';
import { selectDocuments } from '../query/select-documents';
import { isPlainObject, type Doc } from '../values/doc';
import { optionalDoc } from './command-args';

/** The pipeline's input: a collection (a leading `$match` with `$text` is run by the text search) or nothing. */
function pipelineInput(context: CommandContext, pipeline: Doc[]): { input: Doc[]; stages: Doc[]; namespace: string } {
  const target = context.body.aggregate;
  if (target === 1) {
    if (!pipeline[0] || !('$documents' in pipeline[0]))
      throw unsupported('database-level aggregations other than $documents');
    return { input: [], stages: pipeline, namespace: `${context.db.name}.$cmd.aggregate` };
  }
  if (typeof target !== 'string') throw commandError('FailedToParse', "'aggregate' must be a collection name or 1");
  const collection = context.db.get(target);
  const namespace = `${context.db.name}.${target}`;
  const [first, ...rest] = pipeline;
  if (first && isPlainObject(first.$match) && '$text' in first.$match) {
    const variables = optionalDoc(context.body, 'let');
    return { input: selectDocuments(context.db, collection, first.$match, variables).docs, stages: rest, namespace };
  }
  return { input: collection?.all() ?? [], stages: pipeline, namespace };
}

const aggregate: CommandHandler = (context) => {
  const { body } = context;
  if (body.explain === true) throw unsupported('explain');
  const pipeline = body.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject))
    throw commandError('TypeMismatch', "'pipeline' must be an array of objects");
  const cursorOptions = optionalDoc(body, 'cursor');
  if (!cursorOptions)
    throw commandError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  assertNoRefusedStages(pipeline);
  const { input, stages, namespace } = pipelineInput(context, pipeline);
  if (containsKey(stages, '$text')) throw unsupported('$text anywhere but the first $match stage');
  if (containsKey(stages, '$meta')) throw unsupported('$meta in aggregation pipelines');
  const variables = optionalDoc(body, 'let');
  // Inputs are cloned so stages such as $set never reach the stored documents.
  const options = { ...mingoOptions(context.db, variables), processingMode: ProcessingMode.CLONE_INPUT };
  const results = new Aggregator(stages, options).run(input) as Doc[];
  return { cursor: context.cursors.open(namespace, results, { batchSize: cursorOptions.batchSize }), ok: 1 };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
