import { Controller, Get, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { ApiProblems, EXAMPLE_REQUEST_ID, PROBLEM_SCHEMAS, problemCodes, problemExample } from './problem-openapi';

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

describe('ApiProblems', () => {
  const COMMON = { 429: 'RATE_LIMITED', 503: 'DATABASE_UNAVAILABLE' };
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

  @Controller('widgets')
  class WidgetsController {
    @Get()
    @ApiProblems(COMMON, { 400: 'VALIDATION_FAILED' })
    list(): void {}

    @Get('one')
    @ApiProblems(COMMON, {
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
  @ApiProblems({ 401: 'AUTHENTICATION_REQUIRED', 429: 'RATE_LIMITED' })
  class GadgetsController {
    @Get()
    list(): void {}

    @Get('strict')
    @ApiProblems({ 429: 'RATE_LIMITED: five logins a minute' })
    strict(): void {}
  }

  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await documentOf(WidgetsController);
  });

  it('refers every problem body to the one Problem schema, whose bounds the platform states once', () => {
    expect(responsesOf(document, '/widgets')).toEqual({
      400: { description: 'VALIDATION_FAILED', content: problem },
      429: { description: 'RATE_LIMITED', content: problem },
      503: { description: 'DATABASE_UNAVAILABLE', content: problem },
    });
    expect(PROBLEM_SCHEMAS.Problem.required).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'instance',
      'code',
      'requestId',
    ]);
    expect(PROBLEM_SCHEMAS.Problem.properties.errors.items).toEqual({ $ref: '#/components/schemas/FieldError' });
    expect(PROBLEM_SCHEMAS.FieldError.properties.messages).toMatchObject({ maxItems: 20, items: { maxLength: 500 } });
  });

  it('merges groups left to right, a later description of a status winning, with examples kept', () => {
    const one = responsesOf(document, '/widgets/one');
    expect(Object.keys(one)).toEqual(['404', '429', '503']);
    expect(one['503'].description).toBe('UPSTREAM_UNAVAILABLE or DATABASE_UNAVAILABLE');
    expect(one['404'].content['application/problem+json']).toEqual({
      schema: { $ref: '#/components/schemas/Problem' },
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

  it('works on a controller for every handler, and a handler may refine a status the controller states', async () => {
    const gadgets = await documentOf(GadgetsController);
    const list = responsesOf(gadgets, '/gadgets');
    expect(Object.keys(list)).toEqual(['200', '401', '429']);
    expect(list['401'].description).toBe('AUTHENTICATION_REQUIRED');
    expect(responsesOf(gadgets, '/gadgets/strict')['429'].description).toBe('RATE_LIMITED: five logins a minute');
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
