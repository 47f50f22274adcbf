import { HttpException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { frameworkCode } from './http-status-codes';
import { type FieldError, type ProblemDetails, problemType } from './problem';

export interface ProblemContext {
  requestId?: string;
  /** The request path, reported as the problem's `instance`. */
  path: string;
  method: string;
}

export interface ProblemResponse {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  unexpected: boolean;
}

interface ErrorShape {
  name?: string;
  code?: string | number;
  statusCode?: number;
  message?: string;
  path?: string;
}

function build(
  status: number,
  code: string,
  title: string,
  detail: string,
  context: ProblemContext,
  extra: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): ProblemDetails {
  return {
    ...extra.extensions,
    type: problemType(code),
    title,
    status,
    detail,
    instance: context.path,
    code,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

/** Fastify reports unparsable JSON bodies in a few shapes; all of them mention JSON. */
const isJsonSyntaxError = (status: number, text: string): boolean => status === 400 && /JSON/i.test(text);

function malformedJson(context: ProblemContext): ProblemResponse {
  return {
    problem: build(400, 'MALFORMED_JSON', 'Bad request', 'The request body is not valid JSON.', context),
    headers: {},
    unexpected: false,
  };
}

function fromHttpException(error: HttpException, context: ProblemContext): ProblemResponse {
  const status = error.getStatus();
  const body = error.getResponse();
  const { code, title } = frameworkCode(status);
  let detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? title);
  if (isJsonSyntaxError(status, detail)) return malformedJson(context);
  if (status === 404 && /^Cannot /.test(detail)) detail = `No route for ${context.method} ${context.path}.`;
  if (status === 429) detail = 'Too many requests; retry after the time given in Retry-After.';
  return { problem: build(status, code, title, detail, context), headers: {}, unexpected: false };
}

/** Errors raised by Fastify before our handler runs (body parsing, size limits, media types). */
function fromFrameworkError(error: ErrorShape, context: ProblemContext): ProblemResponse | undefined {
  const status = error.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (error.name === 'SyntaxError' || isJsonSyntaxError(status, `${error.code ?? ''} ${error.message ?? ''}`))
    return malformedJson(context);
  const { code, title } = frameworkCode(status);
  return { problem: build(status, code, title, error.message ?? title, context), headers: {}, unexpected: false };
}

/** Database errors that escaped a service: never expose the raw driver message. */
function fromDatabaseError(error: ErrorShape, context: ProblemContext): ProblemResponse | undefined {
  if (error.name === 'CastError') {
    const field = error.path ?? 'id';
    const errors = [{ field, messages: [`${field} is not a valid identifier`] }];
    return {
      problem: build(400, 'INVALID_ID', 'Bad request', `${field} is malformed.`, context, { errors }),
      headers: {},
      unexpected: false,
    };
  }
  if (error.code === 11000) {
    return {
      problem: build(
        409,
        'DUPLICATE_KEY',
        'Conflict',
        'A resource with the same unique value already exists.',
        context,
      ),
      headers: {},
      unexpected: false,
    };
  }
  if (
    /^Mongo(Network|ServerSelection|NotConnected|Topology)/.test(error.name ?? '') ||
    error.name === 'MongooseServerSelectionError'
  ) {
    const problem = build(
      503,
      'DATABASE_UNAVAILABLE',
      'Service unavailable',
      'The database is unavailable; retry shortly.',
      context,
    );
    return { problem, headers: { 'Retry-After': '5' }, unexpected: true };
  }
  return undefined;
}

/** Maps anything thrown while serving a request to one RFC 9457 problem. */
export function toProblem(error: unknown, context: ProblemContext): ProblemResponse {
  if (error instanceof DomainError) {
    const problem = build(error.status, error.code, error.title, error.detail, context, {
      errors: error.errors,
      extensions: error.extensions,
    });
    return {
      problem,
      headers: error.headers,
      unexpected: error.status >= 500 && error.code !== 'UPSTREAM_UNAVAILABLE',
    };
  }
  if (error instanceof HttpException) return fromHttpException(error, context);
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const known = fromFrameworkError(shape, context) ?? fromDatabaseError(shape, context);
  if (known) return known;
  const problem = build(500, 'INTERNAL_ERROR', 'Internal error', 'An unexpected error occurred.', context);
  return { problem, headers: {}, unexpected: true };
}
