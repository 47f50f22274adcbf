import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max } from 'class-validator';
import { ValidationFailedError } from './domain-error';
import { createValidationPipe, QUERY_MEMO_MAX_KEY_LENGTH, QueryMemoValidationPipe } from './validation';

class SearchQuery {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Max(100)
  pageSize?: number;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: string;
}

class OtherQuery {
  @IsOptional()
  @IsString()
  q?: string;
}

/** The service's pipe, with a counter of how often the real validation runs. */
function countingPipe(entriesPerClass?: number) {
  const inner = (createValidationPipe() as unknown as { pipe: ValidationPipe }).pipe;
  const validate = jest.spyOn(inner, 'transform');
  return { pipe: new QueryMemoValidationPipe(inner, entriesPerClass), validate };
}

const asQuery = (metatype: new () => object) => ({ type: 'query' as const, metatype });
const refusal = async (result: unknown) =>
  Promise.resolve(result).then(
    () => undefined,
    (error: unknown) => error as ValidationFailedError,
  );

describe('QueryMemoValidationPipe', () => {
  it('validates a query string once per class and shares the validated DTO, deeply frozen', async () => {
    const { pipe, validate } = countingPipe();
    const first = (await pipe.transform({ pageSize: '20', tags: 'a,b' }, asQuery(SearchQuery))) as SearchQuery;
    const second = (await pipe.transform({ pageSize: '20', tags: 'a,b' }, asQuery(SearchQuery))) as SearchQuery;
    expect(first).toBeInstanceOf(SearchQuery);
    expect(first).toEqual({ pageSize: 20, tags: ['a', 'b'] });
    expect(second).toBe(first);
    expect(validate).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(first) && Object.isFrozen(first.tags)).toBe(true);
  });

  it('never lets a handler change the shared DTO (the first request holds the frozen copy too)', async () => {
    const { pipe } = countingPipe();
    const dto = (await pipe.transform({ tags: 'a' }, asQuery(SearchQuery))) as SearchQuery;
    expect(() => dto.tags!.push('b')).toThrow(TypeError);
    expect(() => {
      dto.order = 'desc';
    }).toThrow(TypeError);
    expect(await pipe.transform({ tags: 'a' }, asQuery(SearchQuery))).toEqual({ tags: ['a'] });
  });

  it('refuses an invalid query with the same problem every time, and remembers nothing of it', async () => {
    const { pipe, validate } = countingPipe();
    const errors = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const error = await refusal(pipe.transform({ pageSize: '500', order: 'up' }, asQuery(SearchQuery)));
      expect(error).toBeInstanceOf(ValidationFailedError);
      errors.push(error!.errors);
    }
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[2]).toEqual(errors[0]);
    expect((errors[0] ?? []).map((each) => each.field).sort()).toEqual(['order', 'pageSize']);
    expect(validate).toHaveBeenCalledTimes(3);
    expect(pipe.size(SearchQuery)).toBe(0);
    // and a valid query is not taken for an invalid one remembered before, or the reverse
    expect(await pipe.transform({ pageSize: '50' }, asQuery(SearchQuery))).toEqual({ pageSize: 50 });
    expect(await refusal(pipe.transform({ pageSize: '500' }, asQuery(SearchQuery)))).toBeInstanceOf(
      ValidationFailedError,
    );
  });

  it('keeps at most the configured number of queries per class, dropping the least recently used', async () => {
    const { pipe, validate } = countingPipe(3);
    for (let size = 1; size <= 50; size += 1) await pipe.transform({ pageSize: String(size) }, asQuery(SearchQuery));
    expect(pipe.size(SearchQuery)).toBe(3);
    await pipe.transform({ pageSize: '48' }, asQuery(SearchQuery)); // 48 is now the most recent
    await pipe.transform({ pageSize: '51' }, asQuery(SearchQuery)); // evicts 49
    validate.mockClear();
    await pipe.transform({ pageSize: '48' }, asQuery(SearchQuery));
    expect(validate).toHaveBeenCalledTimes(0);
    await pipe.transform({ pageSize: '49' }, asQuery(SearchQuery));
    expect(validate).toHaveBeenCalledTimes(1);
    expect(pipe.size(SearchQuery)).toBe(3);
  });

  it('keeps classes apart and validates long queries, bodies and single query values every time', async () => {
    const { pipe, validate } = countingPipe();
    await pipe.transform({ q: 'x' }, asQuery(OtherQuery));
    await expect(refusal(pipe.transform({ q: 'x' }, asQuery(SearchQuery)))).resolves.toBeInstanceOf(
      ValidationFailedError,
    );
    const long = { q: 'x'.repeat(QUERY_MEMO_MAX_KEY_LENGTH) };
    await pipe.transform(long, asQuery(OtherQuery));
    await pipe.transform(long, asQuery(OtherQuery));
    await pipe.transform({ q: 'x' }, { type: 'body', metatype: OtherQuery });
    await pipe.transform({ q: 'x' }, { type: 'body', metatype: OtherQuery });
    await pipe.transform('x', { type: 'query', data: 'q', metatype: String });
    expect(validate).toHaveBeenCalledTimes(7);
    expect(pipe.size(OtherQuery)).toBe(1);
  });

  it('is what createValidationPipe gives every service', () => {
    expect(createValidationPipe()).toBeInstanceOf(QueryMemoValidationPipe);
  });
});
