import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem';

/** A problem response of one status: what the client may see there, optionally with example bodies. */
export interface ProblemResponseDoc {
  description: string;
  /** Named example bodies (OpenAPI `examples`), e.g. one per code: see `problemCodes`. */
  examples?: Record<string, { summary: string; value: ProblemDetails }>;
}

/** Problem responses of an endpoint by status: a description, or a description with example bodies. */
export type ProblemResponses = Record<number, string | ProblemResponseDoc>;

/** The bounds the documents state for a problem body; the same in every service. */
export const PROBLEM_BOUNDS = {
  type: 200,
  title: 200,
  detail: 2000,
  instance: 2000,
  code: 100,
  requestId: 128,
  errors: 100,
  field: 200,
  messages: 20,
  message: 500,
} as const;

/** The request id example bodies carry (any UUID; requests carry their own in `x-request-id`). */
export const EXAMPLE_REQUEST_ID = '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10';

const PROBLEM_REF = '#/components/schemas/Problem';

/**
 * The one problem schema of every OpenAPI document (`components.schemas.Problem` and `FieldError`): the body
 * `toProblem` builds, with its bounds. `requestId` is required: every problem a service sends carries the
 * request id it was assigned (`sendProblem`), the same as the `x-request-id` header.
 */
export const PROBLEM_SCHEMAS = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
    properties: {
      type: { type: 'string', maxLength: PROBLEM_BOUNDS.type, example: 'urn:ecommerce:problem:validation-failed' },
      title: { type: 'string', maxLength: PROBLEM_BOUNDS.title, example: 'Validation failed' },
      status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 },
      detail: {
        type: 'string',
        maxLength: PROBLEM_BOUNDS.detail,
        example: 'The request is not valid; see errors[] for each field.',
      },
      instance: { type: 'string', maxLength: PROBLEM_BOUNDS.instance, example: '/api/v1/products' },
      code: {
        type: 'string',
        maxLength: PROBLEM_BOUNDS.code,
        pattern: '^[A-Z][A-Z0-9_]*$',
        description: 'Stable machine-readable code (docs/errors.md).',
        example: 'VALIDATION_FAILED',
      },
      requestId: { type: 'string', maxLength: PROBLEM_BOUNDS.requestId, example: EXAMPLE_REQUEST_ID },
      errors: {
        type: 'array',
        description: 'Per-field validation failures.',
        maxItems: PROBLEM_BOUNDS.errors,
        items: { $ref: '#/components/schemas/FieldError' },
      },
    },
  },
  FieldError: {
    type: 'object',
    required: ['field', 'messages'],
    properties: {
      field: { type: 'string', maxLength: PROBLEM_BOUNDS.field, example: 'price' },
      messages: {
        type: 'array',
        maxItems: PROBLEM_BOUNDS.messages,
        items: { type: 'string', maxLength: PROBLEM_BOUNDS.message },
        example: ['price must not be less than 0'],
      },
    },
  },
} as const;

/**
 * The one way to document problem responses, on a handler or a controller:
 * `@ApiProblems(COMMON_PROBLEMS, { 404: 'PRODUCT_NOT_FOUND', 409: problemCodes(...) })`. Groups merge left to
 * right (a later description of a status wins). Bodies refer to the one `Problem` schema, which the
 * platform conventions (libs/service-kit) put in every document.
 */
export function ApiProblems(...groups: ProblemResponses[]): MethodDecorator & ClassDecorator {
  const all: ProblemResponses = Object.assign({}, ...groups);
  return applyDecorators(
    ...Object.entries(all).map(([status, response]) => {
      const { description, examples } = typeof response === 'string' ? { description: response } : response;
      return ApiResponse({
        status: Number(status),
        description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF }, ...(examples ? { examples } : {}) } },
      });
    }),
  );
}

/** An example problem body as a service sends it; `instance` and `requestId` are placeholders. */
export function problemExample(status: number, code: string, title: string, detail: string): ProblemDetails {
  return {
    type: problemType(code),
    title,
    status,
    detail,
    instance: '/api/v1/...',
    code,
    requestId: EXAMPLE_REQUEST_ID,
  };
}

/**
 * One status that can carry several codes, each described and shown as an example body:
 * `problemCodes(401, { TOKEN_EXPIRED: 'Refresh it.' }, titleOf)`. `titleOf` gives the `title` the error with
 * that code is sent with.
 */
export function problemCodes(
  status: number,
  codes: Record<string, string>,
  titleOf: (code: string, status: number) => string,
): ProblemResponseDoc {
  const entries = Object.entries(codes);
  return {
    description: entries.map(([code, detail]) => `\`${code}\`: ${detail}`).join(' '),
    examples: Object.fromEntries(
      entries.map(([code, detail]) => [
        code,
        { summary: code, value: problemExample(status, code, titleOf(code, status), detail) },
      ]),
    ),
  };
}
