import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ConflictError, UpstreamUnavailableError } from './domain-error';
import { findOperatorKeys } from './operator-injection';
import { toProblem } from './to-problem';

const context = { requestId: 'req-1', path: '/api/v1/products/1', method: 'GET' };

describe('toProblem', () => {
  it('maps a domain error with its code, extensions and headers', () => {
    const { problem, headers, unexpected } = toProblem(
      new ConflictError('INSUFFICIENT_STOCK', 'Only 3 left.', { available: 3 }),
      context,
    );
    expect(problem).toEqual({
      type: 'urn:ecommerce:problem:insufficient-stock',
      title: 'Conflict',
      status: 409,
      detail: 'Only 3 left.',
      instance: '/api/v1/products/1',
      code: 'INSUFFICIENT_STOCK',
      requestId: 'req-1',
      available: 3,
    });
    expect(headers).toEqual({});
    expect(unexpected).toBe(false);
  });

  it('keeps Retry-After on an upstream outage and treats it as expected', () => {
    const { problem, headers, unexpected } = toProblem(new UpstreamUnavailableError('product-service', 10), context);
    expect(problem).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE', upstream: 'product-service' });
    expect(headers).toEqual({ 'Retry-After': '10' });
    expect(unexpected).toBe(false);
  });

  it('maps framework exceptions to stable codes', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), context).problem).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No route for GET /api/v1/products/1.',
    });
    expect(toProblem(new BadRequestException('nope'), context).problem).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'nope',
    });
  });

  it('never exposes raw database errors', () => {
    const duplicate = Object.assign(
      new Error('E11000 duplicate key error collection: x index: sku_1 dup key: { sku: "A" }'),
      { name: 'MongoServerError', code: 11000 },
    );
    const mapped = toProblem(duplicate, context).problem;
    expect(mapped).toMatchObject({ status: 409, code: 'DUPLICATE_KEY' });
    expect(JSON.stringify(mapped)).not.toContain('E11000');
    const cast = toProblem(
      Object.assign(new Error('Cast to ObjectId failed'), { name: 'CastError', path: '_id' }),
      context,
    );
    expect(cast.problem).toMatchObject({
      status: 400,
      code: 'INVALID_ID',
      errors: [{ field: '_id', messages: ['_id is not a valid identifier'] }],
    });
    const down = toProblem(
      Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' }),
      context,
    );
    expect(down).toMatchObject({
      problem: { status: 503, code: 'DATABASE_UNAVAILABLE' },
      headers: { 'Retry-After': '5' },
    });
  });

  it('hides unexpected errors behind a generic 500', () => {
    const { problem, unexpected } = toProblem(new TypeError('cannot read x of undefined'), context);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' });
    expect(unexpected).toBe(true);
  });

  it('maps Fastify body errors', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(tooLarge, context).problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const badJson = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(toProblem(badJson, context).problem).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });
});

describe('findOperatorKeys', () => {
  it('finds operators and dotted keys at any depth, but not in array positions or values', () => {
    expect(findOperatorKeys({ a: { $gt: 1 }, b: [{ 'c.d': 1 }], e: '$ne', 'f[$ne]': 'x' })).toEqual([
      'a.$gt',
      'b.0.c.d',
      'f[$ne]',
    ]);
    expect(findOperatorKeys({ name: 'plain', list: [1, 2] })).toEqual([]);
    expect(findOperatorKeys(null)).toEqual([]);
  });
});
