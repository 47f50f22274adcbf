import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import { type FieldError, PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem';

/**
 * How a service documents the problem bodies of its endpoints in its OpenAPI document. The body is the one
 * every service sends (`ProblemDetails`, built by `toProblem`): its properties, their bounds and which are
 * always present are stated here once. A service chooses only what is its own: the names of the two schemas
 * in its document (generated clients name their types after them), the example values and two descriptions.
 */
export interface ProblemSchemaOptions {
  /** Component name of the problem body, e.g. `ProblemDto`. */
  name: string;
  /** Component name of one `errors[]` entry, e.g. `FieldErrorDto`. */
  fieldErrorName: string;
  /**
   * Example values shown on the schema's properties; a property left out has no example. `errors[0]`, if
   * given, illustrates the field-error schema.
   */
  example?: Partial<ProblemDetails>;
  descriptions?: { code?: string; errors?: string };
}

/** A problem response of one status: what the client may see there, optionally with example bodies. */
export interface ProblemResponseDoc {
  description: string;
  /** Named example bodies (OpenAPI `examples`), e.g. one per code: see `problemCodes`. */
  examples?: Record<string, { summary: string; value: ProblemDetails }>;
}

/** Problem responses of an endpoint by status: a description, or a description with example bodies. */
export type ProblemResponses = Record<number, string | ProblemResponseDoc>;

/** The decorator a service documents its endpoints' problem responses with (on a handler or a controller). */
export type ApiProblemsDecorator = (responses: ProblemResponses) => MethodDecorator & ClassDecorator;

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

const example = (value: unknown): { example?: unknown } => (value === undefined ? {} : { example: value });
const described = (description: string | undefined): { description?: string } =>
  description === undefined ? {} : { description };

/**
 * The schema class of the problem body under this service's names. `requestId` is required: every problem a
 * service sends carries the request id it was assigned (`sendProblem`), the same as the `x-request-id` header.
 */
function defineProblemSchema(options: ProblemSchemaOptions): Type<ProblemDetails> {
  const sample = options.example ?? {};
  const fieldSample: Partial<FieldError> = sample.errors?.[0] ?? {};

  @ApiSchema({ name: options.fieldErrorName })
  class FieldErrorSchema implements FieldError {
    @ApiProperty({ ...example(fieldSample.field), maxLength: PROBLEM_BOUNDS.field })
    field: string;

    @ApiProperty({
      type: 'array',
      items: { type: 'string', maxLength: PROBLEM_BOUNDS.message },
      maxItems: PROBLEM_BOUNDS.messages,
      ...example(fieldSample.messages),
    })
    messages: string[];
  }

  @ApiSchema({ name: options.name })
  class ProblemSchema implements ProblemDetails {
    [extension: string]: unknown;

    @ApiProperty({ ...example(sample.type), maxLength: PROBLEM_BOUNDS.type })
    type: string;

    @ApiProperty({ ...example(sample.title), maxLength: PROBLEM_BOUNDS.title })
    title: string;

    @ApiProperty({ ...example(sample.status), minimum: 400, maximum: 599, format: 'int32' })
    status: number;

    @ApiProperty({ ...example(sample.detail), maxLength: PROBLEM_BOUNDS.detail })
    detail: string;

    @ApiProperty({ ...example(sample.instance), maxLength: PROBLEM_BOUNDS.instance })
    instance: string;

    @ApiProperty({
      ...example(sample.code),
      ...described(options.descriptions?.code),
      maxLength: PROBLEM_BOUNDS.code,
    })
    code: string;

    @ApiProperty({ ...example(sample.requestId), maxLength: PROBLEM_BOUNDS.requestId })
    requestId: string;

    @ApiPropertyOptional({
      ...described(options.descriptions?.errors),
      type: [FieldErrorSchema],
      maxItems: PROBLEM_BOUNDS.errors,
    })
    errors?: FieldErrorSchema[];
  }

  return ProblemSchema;
}

/**
 * Documents problem responses with `schema` as their body: `@ApiProblems({ 404: 'PRODUCT_NOT_FOUND', ... })`.
 * `common` are the responses every endpoint of the service has; an endpoint's own description of a status
 * replaces the common one.
 */
function apiProblemsDecorator(schema: Type<ProblemDetails>, common: ProblemResponses = {}): ApiProblemsDecorator {
  return (responses) => {
    const all: ProblemResponses = { ...common, ...responses };
    return applyDecorators(
      ApiExtraModels(schema),
      ...Object.entries(all).map(([status, response]) => {
        const { description, examples } = typeof response === 'string' ? { description: response } : response;
        return ApiResponse({
          status: Number(status),
          description,
          content: {
            [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(schema) }, ...(examples ? { examples } : {}) },
          },
        });
      }),
    );
  };
}

export interface ApiProblemsOptions extends ProblemSchemaOptions {
  /** Responses every endpoint of the service has (e.g. 429); an endpoint's own description of a status wins. */
  common?: ProblemResponses;
}

/**
 * The one way a service documents problem responses: the problem schema under its names, and the `ApiProblems`
 * decorator its handlers and controllers use, `@ApiProblems({ 404: 'PRODUCT_NOT_FOUND', 409: { ... } })`.
 */
export function createApiProblems(options: ApiProblemsOptions): {
  ProblemSchema: Type<ProblemDetails>;
  ApiProblems: ApiProblemsDecorator;
} {
  const ProblemSchema = defineProblemSchema(options);
  return { ProblemSchema, ApiProblems: apiProblemsDecorator(ProblemSchema, options.common) };
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
