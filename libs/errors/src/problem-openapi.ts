import { applyDecorators } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ApiResponse, type ContentObject, DECORATORS } from '@nestjs/swagger';
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
 * right (a later description of a status wins), and a handler's description of a status wins over its
 * controller's. Bodies refer to the one `Problem` schema, which the platform conventions (libs/service-kit) put
 * in every document.
 */
export function ApiProblems(...groups: ProblemResponses[]): MethodDecorator & ClassDecorator {
  const all: ProblemResponses = Object.assign({}, ...groups);
  const documented = applyDecorators(
    ...Object.entries(all).map(([status, response]) =>
      ApiResponse({ status: Number(status), ...responseObject(response) }),
    ),
  );
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    documented(target, key as string | symbol, descriptor as PropertyDescriptor);
    const owner = descriptor ? (descriptor.value as object) : target;
    Reflect.defineMetadata(OWN_PROBLEMS, { ...ownProblems(owner), ...all }, owner);
    reapplyAdded(target, descriptor);
  }) as MethodDecorator & ClassDecorator;
}

/**
 * Problems that something covering many routes (a guard) adds to each of them, on top of what the route
 * documents itself at the same status: descriptions are joined and example bodies kept, so a handler's own
 * 503 and the added 503 both stay documented. On a controller it reaches every handler, whichever order it
 * and `ApiProblems` are written in.
 */
export function ApiAddedProblems(...groups: ProblemResponses[]): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const owner = descriptor ? (descriptor.value as object) : target;
    Reflect.defineMetadata(ADDED_PROBLEMS, joinProblems(addedProblems(owner), ...groups), owner);
    reapplyAdded(target, descriptor);
  }) as MethodDecorator & ClassDecorator;
}

/** Every status in the groups, each the join of its descriptions and example bodies, in order. */
export function joinProblems(...groups: ProblemResponses[]): ProblemResponses {
  const joined: Record<number, ProblemResponseDoc> = {};
  for (const group of groups)
    for (const [status, response] of Object.entries(group)) {
      const next = asDoc(response);
      const previous = joined[Number(status)];
      joined[Number(status)] = previous
        ? {
            description: `${previous.description}${/[.:;!?]$/.test(previous.description) ? '' : '.'} ${next.description}`,
            ...(previous.examples || next.examples ? { examples: { ...previous.examples, ...next.examples } } : {}),
          }
        : next;
    }
  return joined;
}

// What ApiProblems and ApiAddedProblems stated on a handler or controller, kept so that each can redo the
// handler's responses whichever is applied last: Nest's swagger lets a handler's response of a status
// replace its controller's whole, so added problems are written onto each handler, joined with the
// description in force there.
const OWN_PROBLEMS = 'errors:ownProblems';
const ADDED_PROBLEMS = 'errors:addedProblems';

const ownProblems = (owner: object): ProblemResponses =>
  (Reflect.getMetadata(OWN_PROBLEMS, owner) as ProblemResponses | undefined) ?? {};
const addedProblems = (owner: object): ProblemResponses =>
  (Reflect.getMetadata(ADDED_PROBLEMS, owner) as ProblemResponses | undefined) ?? {};

const asDoc = (response: string | ProblemResponseDoc): ProblemResponseDoc =>
  typeof response === 'string' ? { description: response } : response;

function responseObject(response: string | ProblemResponseDoc): { description: string; content: ContentObject } {
  const { description, examples } = asDoc(response);
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF }, ...(examples ? { examples } : {}) } },
  };
}

/** Rewrites the added statuses of the handler decorated, or of every handler of the controller decorated. */
function reapplyAdded(target: object, descriptor?: PropertyDescriptor): void {
  if (descriptor) {
    writeAdded(descriptor.value as object, (target as { constructor: object }).constructor);
    return;
  }
  for (const [, handler] of routeHandlers(target)) writeAdded(handler, target);
}

/** A controller's route handlers (its own methods that have a path), with their method names. */
export function routeHandlers(controller: object): [string, object][] {
  const prototype = (controller as { prototype: object }).prototype;
  return Object.getOwnPropertyNames(prototype).flatMap((name): [string, object][] => {
    const handler = (Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor).value as unknown;
    const isRoute =
      name !== 'constructor' && typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler);
    return isRoute ? [[name, handler]] : [];
  });
}

function writeAdded(handler: object, controller: object): void {
  const added = joinProblems(addedProblems(handler), addedProblems(controller));
  const statuses = Object.keys(added).map(Number);
  if (statuses.length === 0) return;
  const own: ProblemResponses = { ...ownProblems(controller), ...ownProblems(handler) };
  const responses = {
    ...(Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as Record<string, object> | undefined),
  };
  for (const status of statuses) {
    const mine = own[status];
    responses[status] = responseObject(
      joinProblems(mine ? { [status]: mine } : {}, { [status]: added[status] })[status],
    );
  }
  Reflect.defineMetadata(DECORATORS.API_RESPONSE, responses, handler);
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
