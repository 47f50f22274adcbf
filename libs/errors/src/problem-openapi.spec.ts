import { Controller, Get, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import {
  ApiAddedProblems,
  ApiProblems,
  EXAMPLE_REQUEST_ID,
  joinProblems,
  PROBLEM_SCHEMAS,
  problemCodes,
  problemExample,
} from './problem-openapi';

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

describe('ApiAddedProblems', () => {
  const titleOf = (code: string) => `title of ${code}`;
  const TOKEN = problemCodes(401, { TOKEN_EXPIRED: 'Refresh it.' }, titleOf);
  // What a guard adds to every route it covers: a 401 and a 503 code of its own.
  const GUARD = {
    401: problemCodes(401, { SESSION_REVOKED: 'Log in again.' }, titleOf),
    503: problemCodes(503, { CHECK_UNAVAILABLE: 'Retry.' }, titleOf),
  };
  const examplesOf = (response: Json): string[] =>
    Object.keys((response.content['application/problem+json'].examples ?? {}) as Json);

  // The added group above the controller's ApiProblems here, below it in BelowController: both orders hold.
  @Controller('guarded')
  @ApiAddedProblems(GUARD)
  @ApiProblems({ 401: TOKEN, 503: 'DATABASE_UNAVAILABLE' })
  class GuardedController {
    @Get()
    inherits(): void {}

    @Get('own')
    @ApiProblems({ 401: 'AUTHENTICATION_REQUIRED, TOKEN_INVALID', 503: 'UPSTREAM_UNAVAILABLE' })
    own(): void {}
  }

  @Controller('below')
  @ApiProblems({ 401: TOKEN, 503: 'DATABASE_UNAVAILABLE' })
  @ApiAddedProblems(GUARD)
  class BelowController {
    @Get()
    inherits(): void {}

    @Get('own')
    @ApiProblems({ 401: 'AUTHENTICATION_REQUIRED, TOKEN_INVALID', 503: 'UPSTREAM_UNAVAILABLE' })
    own(): void {}
  }

  @Controller('one-route')
  @ApiProblems({ 401: TOKEN, 429: 'RATE_LIMITED' })
  class OneRouteController {
    @Get('plain')
    plain(): void {}

    @Get('guarded')
    @ApiAddedProblems(GUARD)
    @ApiProblems({ 503: 'DATABASE_UNAVAILABLE' })
    guarded(): void {}
  }

  it.each([
    ['above', GuardedController, '/guarded'],
    ['below', BelowController, '/below'],
  ])(
    "joins the added codes with the controller's at each status (added %s ApiProblems)",
    async (_, controller, path) => {
      const responses = responsesOf(await documentOf(controller), path);
      expect(responses['401'].description).toBe('`TOKEN_EXPIRED`: Refresh it. `SESSION_REVOKED`: Log in again.');
      expect(examplesOf(responses['401'])).toEqual(['TOKEN_EXPIRED', 'SESSION_REVOKED']);
      expect(responses['401'].content['application/problem+json'].examples.SESSION_REVOKED.value).toEqual(
        problemExample(401, 'SESSION_REVOKED', 'title of SESSION_REVOKED', 'Log in again.'),
      );
      expect(responses['503'].description).toBe('DATABASE_UNAVAILABLE. `CHECK_UNAVAILABLE`: Retry.');
      expect(examplesOf(responses['503'])).toEqual(['CHECK_UNAVAILABLE']);
    },
  );

  it.each([
    ['above', GuardedController, '/guarded/own'],
    ['below', BelowController, '/below/own'],
  ])("joins them with a handler's own description of a status (added %s ApiProblems)", async (_, controller, path) => {
    const responses = responsesOf(await documentOf(controller), path);
    expect(responses['401'].description).toBe(
      'AUTHENTICATION_REQUIRED, TOKEN_INVALID. `SESSION_REVOKED`: Log in again.',
    );
    expect(examplesOf(responses['401'])).toEqual(['SESSION_REVOKED']);
    expect(responses['503'].description).toBe('UPSTREAM_UNAVAILABLE. `CHECK_UNAVAILABLE`: Retry.');
    expect(examplesOf(responses['503'])).toEqual(['CHECK_UNAVAILABLE']);
  });

  it('on a handler, reaches that handler only, joined with what its controller states', async () => {
    const document = await documentOf(OneRouteController);
    const plain = responsesOf(document, '/one-route/plain');
    expect(Object.keys(plain)).toEqual(['200', '401', '429']);
    expect(examplesOf(plain['401'])).toEqual(['TOKEN_EXPIRED']);
    const guarded = responsesOf(document, '/one-route/guarded');
    expect(Object.keys(guarded)).toEqual(['401', '429', '503']);
    expect(examplesOf(guarded['401'])).toEqual(['TOKEN_EXPIRED', 'SESSION_REVOKED']);
    expect(guarded['503'].description).toBe('DATABASE_UNAVAILABLE. `CHECK_UNAVAILABLE`: Retry.');
  });
});

describe('joinProblems', () => {
  it('keeps every status, joining descriptions as sentences and keeping every example', () => {
    const titleOf = (): string => 'Unavailable';
    expect(
      joinProblems(
        { 404: 'NOT_FOUND', 503: 'DATABASE_UNAVAILABLE' },
        { 503: problemCodes(503, { CHECK_UNAVAILABLE: 'Retry.' }, titleOf) },
        { 503: problemCodes(503, { BUSY: 'Later.' }, titleOf) },
      ),
    ).toEqual({
      404: { description: 'NOT_FOUND' },
      503: {
        description: 'DATABASE_UNAVAILABLE. `CHECK_UNAVAILABLE`: Retry. `BUSY`: Later.',
        examples: {
          CHECK_UNAVAILABLE: {
            summary: 'CHECK_UNAVAILABLE',
            value: problemExample(503, 'CHECK_UNAVAILABLE', 'Unavailable', 'Retry.'),
          },
          BUSY: { summary: 'BUSY', value: problemExample(503, 'BUSY', 'Unavailable', 'Later.') },
        },
      },
    });
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
