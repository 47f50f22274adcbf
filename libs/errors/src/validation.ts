import { type ArgumentMetadata, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError } from './domain-error';
import { type FieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** How many distinct query strings each query DTO class keeps validated (least recently used dropped first). */
export const QUERY_MEMO_ENTRIES = 1_000;
/**
 * A query longer than this (as JSON) is validated every time instead of being remembered, so the memory of a
 * class's memo stays below QUERY_MEMO_ENTRIES x (this + one DTO), a few MB at most, whatever clients send.
 */
export const QUERY_MEMO_MAX_KEY_LENGTH = 1_024;

type Class = abstract new (...args: never[]) => object;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The validation pipe with one addition: a query DTO (`@Query() query: SomeQuery`) is validated once per
 * distinct query string and class, and the validated, deeply frozen DTO is then shared by every request with
 * that same query. Validating `ListProductsQuery` (class-transformer, then class-validator) was about 40 µs of
 * a cached catalog read, its largest part (docs/benchmarks.md, "CPU per request").
 *
 * What keeps this correct:
 * - the key is the parsed query exactly as the client sent it (JSON of Fastify's query object, before the pipe
 *   touches it), and every transform of a query DTO depends on its value only (libs/validation);
 * - only successes are remembered: an invalid query is validated again each time and gets the same 400 problem
 *   every time, and a flood of invalid queries allocates nothing that lasts;
 * - the shared DTO is deeply frozen, the first request's copy included, so a handler that tried to change it
 *   would fail at once (TypeError) instead of changing what other requests see;
 * - at most QUERY_MEMO_ENTRIES entries per class, each at most QUERY_MEMO_MAX_KEY_LENGTH characters of key.
 * Bodies, route parameters and single query values (`@Query('name')`) go through the plain pipe every time.
 */
export class QueryMemoValidationPipe implements PipeTransform {
  private readonly memos = new Map<Class, Map<string, object>>();

  constructor(
    private readonly pipe: ValidationPipe,
    private readonly entriesPerClass = QUERY_MEMO_ENTRIES,
  ) {}

  /** A promise for what the plain pipe validates; the shared DTO itself when this query is already known. */
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype as Class | undefined;
    if (
      metadata.type !== 'query' ||
      metadata.data !== undefined ||
      typeof metatype !== 'function' ||
      value === null ||
      typeof value !== 'object'
    )
      return this.pipe.transform(value, metadata);
    const key = JSON.stringify(value);
    if (key.length > QUERY_MEMO_MAX_KEY_LENGTH) return this.pipe.transform(value, metadata);
    const memo = this.memos.get(metatype);
    const known = memo?.get(key);
    if (known !== undefined) {
      memo!.delete(key); // most recently used goes last
      memo!.set(key, known);
      return known;
    }
    return this.pipe.transform(value, metadata).then((validated: unknown) => {
      // Only a class instance built from the query is shared (not a value passed through unvalidated).
      if (validated instanceof metatype) this.remember(metatype, key, deepFreeze(validated));
      return validated;
    });
  }

  /** How many queries of `metatype` are remembered (for tests). */
  size(metatype: Class): number {
    return this.memos.get(metatype)?.size ?? 0;
  }

  private remember(metatype: Class, key: string, dto: object): void {
    let memo = this.memos.get(metatype);
    if (memo === undefined) this.memos.set(metatype, (memo = new Map()));
    memo.set(key, dto);
    if (memo.size > this.entriesPerClass) memo.delete(memo.keys().next().value as string);
  }
}

/**
 * The one validation configuration of every service: unknown fields are rejected (not silently stripped),
 * values are transformed to their declared types, and failures become a 400 problem with `errors[]`. Query
 * DTOs are validated once per distinct query string (QueryMemoValidationPipe).
 */
export function createValidationPipe(): QueryMemoValidationPipe {
  return new QueryMemoValidationPipe(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
    }),
  );
}
