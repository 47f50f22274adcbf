import { type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '@app/auth';
import { PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMAS, problemExample } from '@app/errors';
import { isSheddable, ServiceOverloadedError } from './load-shedding';

type Json = Record<string, unknown>;
type Operation = {
  security?: Json[];
  responses?: Record<string, Json>;
  requestBody?: unknown;
  parameters?: unknown[];
} & Json;

const HEADER = (description: string) => ({
  description,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000_000 },
});
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
};
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
};
const RETRY_AFTER = { 'Retry-After': { $ref: '#/components/headers/Retry-After' } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/Problem' };
const problemResponse = (status: number, code: string, title: string, detail: string, extraHeaders: Json = {}) => ({
  description: `\`${code}\`: ${detail}`,
  headers: { ...RATE_LIMIT_HEADERS, ...extraHeaders },
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: PROBLEM_SCHEMA,
      example: problemExample(status, code, title, detail),
    },
  },
});

/**
 * What is true of every operation of every service, stated once instead of on each handler: public operations
 * are anonymous (`security: [{}]`), the others need a bearer token; every 2xx/4xx response carries the
 * RateLimit headers; 429 (with Retry-After) and 500 can always happen; 401 on authenticated operations and 400
 * on operations that take input are documented when a handler did not describe them more precisely; every 429
 * (also a handler's own) names Retry-After, and every response names Access-Control-Allow-Origin (sent only to
 * origins in CORS_ALLOWED_ORIGINS). Every public API operation (not health, metrics or internal routes) documents
 * the 503 of load shedding, with its Retry-After.
 */
export function applyPlatformConventions(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {}) as Json & { headers?: Json; schemas?: Json };
  components.headers = {
    ...components.headers,
    'RateLimit-Limit': HEADER('Requests allowed in the current window.'),
    'RateLimit-Remaining': HEADER('Requests left in the current window.'),
    'RateLimit-Reset': HEADER('Seconds until the current window resets.'),
    'Retry-After': HEADER('Seconds to wait before retrying.'),
    'Access-Control-Allow-Origin': {
      description:
        "Present only when the request's `Origin` is in CORS_ALLOWED_ORIGINS: that exact origin (never `*`), with `Vary: Origin`.",
      schema: { type: 'string', format: 'uri', maxLength: 2000 },
    },
  };
  components.schemas = { ...components.schemas, ...PROBLEM_SCHEMAS };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Operation | undefined;
      if (!operation) continue;
      if (isSheddable(path)) documentShedding(operation);
      applyToOperation(operation);
    }
  }
  return document;
}

/** The body a shed request gets (libs/service-kit/src/load-shedding.ts), as the documented example. */
const SHED = new ServiceOverloadedError();
const SHED_EXAMPLE = problemExample(SHED.status, SHED.code, SHED.title, SHED.detail);
const OVERLOADED =
  '`SERVICE_OVERLOADED`: the service is at its limit of requests in progress (SERVICE_MAX_IN_FLIGHT); nothing was done, retry after Retry-After.';

/**
 * Every public API operation can be shed under overload (libs/service-kit/src/load-shedding.ts): a 503 that says
 * so, added to the operation's own 503 (e.g. a database or upstream outage) when it has one, with its example body
 * beside the operation's own examples.
 */
function documentShedding(operation: Operation): void {
  const responses = (operation.responses ??= {});
  const own = responses['503'];
  if (!own) {
    responses['503'] = {
      description: OVERLOADED,
      headers: { ...RATE_LIMIT_HEADERS, ...RETRY_AFTER },
      content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA, example: SHED_EXAMPLE } },
    };
    return;
  }
  // A new object: decorators share one response object between operations, which must not each append to it.
  const description = String(own.description ?? '').trim();
  responses['503'] = {
    ...own,
    description: description.includes('SERVICE_OVERLOADED') ? description : `${description} Or ${OVERLOADED}`.trim(),
    headers: { ...RETRY_AFTER, ...(own.headers as Json | undefined) },
    ...withOverloadedExample(own.content as Record<string, Json> | undefined),
  };
}

/** The problem media type of an own 503 with examples per code: SERVICE_OVERLOADED's added to them. */
function withOverloadedExample(content: Record<string, Json> | undefined): { content?: Record<string, Json> } {
  const media = content?.[PROBLEM_CONTENT_TYPE];
  const examples = media?.examples as Json | undefined;
  if (!media || !examples) return {};
  return {
    content: {
      ...content,
      [PROBLEM_CONTENT_TYPE]: {
        ...media,
        examples: { ...examples, SERVICE_OVERLOADED: { summary: 'SERVICE_OVERLOADED', value: SHED_EXAMPLE } },
      },
    },
  };
}

function applyToOperation(operation: Operation): void {
  const isPublic = operation[PUBLIC_EXTENSION] === true;
  delete operation[PUBLIC_EXTENSION];
  if (isPublic) operation.security = [{}];
  else if (!operation.security?.length) operation.security = [{ bearer: [] }];
  const responses = (operation.responses ??= {});
  if (!isPublic)
    responses['401'] ??= problemResponse(
      401,
      'AUTHENTICATION_REQUIRED',
      'Authentication required',
      'A valid bearer access token is required.',
    );
  const takesInput = operation.requestBody !== undefined || (operation.parameters?.length ?? 0) > 0;
  if (takesInput && !responses['400'] && !responses['422']) {
    responses['400'] = problemResponse(
      400,
      'VALIDATION_FAILED',
      'Validation failed',
      'The request is not valid; see errors[].',
    );
  }
  responses['429'] ??= problemResponse(
    429,
    'RATE_LIMITED',
    'Too many requests',
    'Too many requests; retry after Retry-After.',
    RETRY_AFTER,
  );
  responses['500'] ??= problemResponse(500, 'INTERNAL_ERROR', 'Internal error', 'An unexpected error occurred.');
  for (const [status, response] of Object.entries(responses)) {
    const own = response.headers as Json | undefined;
    const rateLimit = /^[24]\d\d$/.test(status) ? RATE_LIMIT_HEADERS : {};
    const retryAfter = status === '429' ? RETRY_AFTER : {};
    response.headers = { ...rateLimit, ...retryAfter, ...CORS_HEADERS, ...own };
  }
}
