import { Controller, Get, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { createApiProblems, EXAMPLE_REQUEST_ID, problemCodes, problemExample } from './problem-openapi';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function documentOf(controller: Type): Promise<OpenAPIObject> {
  const module = await Test.createTestingModule({ controllers: [controller] }).compile();
  const app = module.createNestApplication(new FastifyAdapter(), { logger: false });
  try {
    await app.init();
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}

const responsesOf = (document: OpenAPIObject, path: string): Json =>
  (document.paths[path] as Json).get.responses as Json;

describe('createApiProblems', () => {
  const { ApiProblems } = createApiProblems({
    name: 'WidgetProblem',
    fieldErrorName: 'WidgetFieldError',
    example: {
      type: 'urn:ecommerce:problem:widget-not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such widget.',
      instance: '/api/v1/widgets/1',
      code: 'WIDGET_NOT_FOUND',
      requestId: EXAMPLE_REQUEST_ID,
      errors: [{ field: 'size', messages: ['size must not be less than 1'] }],
    },
    descriptions: { code: 'Stable machine code.', errors: 'Per-field failures.' },
    common: { 429: 'RATE_LIMITED', 503: 'DATABASE_UNAVAILABLE' },
  });

  @Controller('widgets')
  class WidgetsController {
    @Get()
    @ApiProblems({ 400: 'VALIDATION_FAILED' })
    list(): void {}

    @Get('one')
    @ApiProblems({
      404: {
        description: 'WIDGET_NOT_FOUND',
        examples: {
          WIDGET_NOT_FOUND: {
            summary: 'x',
            value: problemExample(404, 'WIDGET_NOT_FOUND', 'Not found', 'No such widget.'),
          },
        },
      },
      503: 'UPSTREAM_UNAVAILABLE or DATABASE_UNAVAILABLE',
    })
    one(): void {}
  }

  @Controller('gadgets')
  @ApiProblems({ 401: 'AUTHENTICATION_REQUIRED' })
  class GadgetsController {
    @Get()
    list(): void {}
  }

  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await documentOf(WidgetsController);
  });

  it('names the problem schema and its field-error schema as the service asks', () => {
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(['WidgetFieldError', 'WidgetProblem']);
  });

  it('states the bounds and required members of the body every service sends, with the examples given', () => {
    const schemas = document.components?.schemas as Json;
    expect(schemas.WidgetProblem).toEqual({
      type: 'object',
      properties: {
        type: { type: 'string', example: 'urn:ecommerce:problem:widget-not-found', maxLength: 200 },
        title: { type: 'string', example: 'Not found', maxLength: 200 },
        status: { type: 'number', example: 404, minimum: 400, maximum: 599, format: 'int32' },
        detail: { type: 'string', example: 'No such widget.', maxLength: 2000 },
        instance: { type: 'string', example: '/api/v1/widgets/1', maxLength: 2000 },
        code: { type: 'string', example: 'WIDGET_NOT_FOUND', description: 'Stable machine code.', maxLength: 100 },
        requestId: { type: 'string', example: EXAMPLE_REQUEST_ID, maxLength: 128 },
        errors: {
          description: 'Per-field failures.',
          maxItems: 100,
          type: 'array',
          items: { $ref: '#/components/schemas/WidgetFieldError' },
        },
      },
      required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
    });
    expect(schemas.WidgetFieldError).toEqual({
      type: 'object',
      properties: {
        field: { type: 'string', example: 'size', maxLength: 200 },
        messages: {
          type: 'array',
          items: { type: 'string', maxLength: 500 },
          maxItems: 20,
          example: ['size must not be less than 1'],
        },
      },
      required: ['field', 'messages'],
    });
  });

  it("documents each status with the service's common ones, an endpoint's own description winning", () => {
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/WidgetProblem' } } };
    expect(responsesOf(document, '/widgets')).toEqual({
      400: { description: 'VALIDATION_FAILED', content: problem },
      429: { description: 'RATE_LIMITED', content: problem },
      503: { description: 'DATABASE_UNAVAILABLE', content: problem },
    });
    const one = responsesOf(document, '/widgets/one');
    expect(Object.keys(one)).toEqual(['404', '429', '503']);
    expect(one['503'].description).toBe('UPSTREAM_UNAVAILABLE or DATABASE_UNAVAILABLE');
    expect(one['404'].content['application/problem+json']).toEqual({
      schema: { $ref: '#/components/schemas/WidgetProblem' },
      examples: {
        WIDGET_NOT_FOUND: {
          summary: 'x',
          value: {
            type: 'urn:ecommerce:problem:widget-not-found',
            title: 'Not found',
            status: 404,
            detail: 'No such widget.',
            instance: '/api/v1/...',
            code: 'WIDGET_NOT_FOUND',
            requestId: EXAMPLE_REQUEST_ID,
          },
        },
      },
    });
  });

  it('works on a controller, for every handler', async () => {
    const responses = responsesOf(await documentOf(GadgetsController), '/gadgets');
    expect(Object.keys(responses)).toEqual(['200', '401', '429', '503']);
    expect(responses['401'].description).toBe('AUTHENTICATION_REQUIRED');
  });

  it('leaves out examples and descriptions a service does not give', async () => {
    const { ApiProblems: Bare } = createApiProblems({ name: 'BareProblem', fieldErrorName: 'BareFieldError' });
    @Controller('bare')
    class BareController {
      @Get()
      @Bare({ 409: 'CONFLICT' })
      get(): void {}
    }
    const schemas = (await documentOf(BareController)).components?.schemas as Json;
    expect(schemas.BareProblem.properties.code).toEqual({ type: 'string', maxLength: 100 });
    expect(schemas.BareProblem.properties.errors).toEqual({
      maxItems: 100,
      type: 'array',
      items: { $ref: '#/components/schemas/BareFieldError' },
    });
    expect(schemas.BareFieldError.properties.field).toEqual({ type: 'string', maxLength: 200 });
  });
});

describe('problemCodes', () => {
  it('describes each code and shows an example body per code, with the title the error is sent with', () => {
    const titleOf = (code: string, status: number) =>
      code === 'TOKEN_EXPIRED' ? 'Invalid access token' : `t${status}`;
    expect(problemCodes(401, { AUTHENTICATION_REQUIRED: 'No token.', TOKEN_EXPIRED: 'Refresh it.' }, titleOf)).toEqual({
      description: '`AUTHENTICATION_REQUIRED`: No token. `TOKEN_EXPIRED`: Refresh it.',
      examples: {
        AUTHENTICATION_REQUIRED: {
          summary: 'AUTHENTICATION_REQUIRED',
          value: problemExample(401, 'AUTHENTICATION_REQUIRED', 't401', 'No token.'),
        },
        TOKEN_EXPIRED: {
          summary: 'TOKEN_EXPIRED',
          value: {
            type: 'urn:ecommerce:problem:token-expired',
            title: 'Invalid access token',
            status: 401,
            detail: 'Refresh it.',
            instance: '/api/v1/...',
            code: 'TOKEN_EXPIRED',
            requestId: EXAMPLE_REQUEST_ID,
          },
        },
      },
    });
  });
});
