import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ConflictError, DomainError, UpstreamUnavailableError } from './domain-error';
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

  it('leaves requestId out when the request has none', () => {
    const { problem } = toProblem(new NotFoundException(), { path: '/x', method: 'GET' });
    expect(problem).not.toHaveProperty('requestId');
    expect(problem).toMatchObject({ status: 404, instance: '/x' });
  });

  it('answers a framework exception without a message with its title', () => {
    const { problem } = toProblem(new HttpException({ reason: 'no message' }, 413), context);
    expect(problem).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Payload too large' });
  });

  it('tells a rate-limited client to wait for Retry-After, whatever the limiter said', () => {
    const { problem } = toProblem(new HttpException('ThrottlerException: Too Many Requests', 429), context);
    expect(problem).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      detail: 'Too many requests; retry after the time given in Retry-After.',
    });
  });

  it('answers a Fastify error without message or code with the title of its status', () => {
    const { problem, unexpected } = toProblem({ statusCode: 415 }, context);
    expect(problem).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported media type' });
    expect(unexpected).toBe(false);
  });

  it('names the id when a malformed identifier comes without its path', () => {
    const { problem } = toProblem({ name: 'CastError' }, context);
    expect(problem).toMatchObject({
      status: 400,
      code: 'INVALID_ID',
      detail: 'id is malformed.',
      errors: [{ field: 'id', messages: ['id is not a valid identifier'] }],
    });
  });

  it.each([
    ['a string', 'boom'],
    ['null', null],
    ['a nameless 5xx', { statusCode: 502 }],
  ])('answers %s thrown with a generic 500, logged as unexpected', (_, thrown) => {
    const { problem, unexpected } = toProblem(thrown, context);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(unexpected).toBe(true);
  });
});

describe('toProblem for rare statuses and bare domain errors', () => {
  it('titles a domain error without options by its title, with no extensions or headers', () => {
    const { problem, headers } = toProblem(new DomainError(410, 'GONE_FOR_GOOD', 'Gone'), context);
    expect(problem).toEqual({
      type: 'urn:ecommerce:problem:gone-for-good',
      title: 'Gone',
      status: 410,
      detail: 'Gone',
      instance: context.path,
      code: 'GONE_FOR_GOOD',
      requestId: 'req-1',
    });
    expect(headers).toEqual({});
  });

  it('keeps the status of a framework exception it has no code for: BAD_REQUEST for 4xx, INTERNAL_ERROR for 5xx', () => {
    expect(toProblem(new HttpException('I am a teapot', 418), context).problem).toMatchObject({
      status: 418,
      code: 'BAD_REQUEST',
      detail: 'I am a teapot',
    });
    expect(toProblem(new HttpException('Insufficient storage', 507), context).problem).toMatchObject({
      status: 507,
      code: 'INTERNAL_ERROR',
      title: 'Internal error',
    });
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
