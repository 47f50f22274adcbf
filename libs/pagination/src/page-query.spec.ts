import { Controller, Get, Query, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiPropertyOptional, DocumentBuilder, IntersectionType, SwaggerModule } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { createValidationPipe, ValidationFailedError } from '@app/errors';
import { Test } from '@nestjs/testing';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageQuery } from './page-query';

class ColourFilter {
  @ApiPropertyOptional({ enum: ['red', 'blue'] })
  @IsOptional()
  @IsIn(['red', 'blue'])
  colour?: string;
}

class PageFirst extends IntersectionType(PageQuery({ maxPage: 50 }), ColourFilter) {}
class PageLast extends IntersectionType(ColourFilter, PageQuery({ maxPage: 50 })) {}

const pipe = createValidationPipe();

async function parse(metatype: Type, query: Record<string, unknown>): Promise<unknown> {
  try {
    return await pipe.transform(query, { type: 'query', metatype });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
}

describe('PageQuery', () => {
  it('leaves page and pageSize out when absent (the defaults are pageWindow’s)', async () => {
    expect({ ...((await parse(PageFirst, {})) as object) }).toEqual({});
    expect(DEFAULT_PAGE_SIZE).toBe(20);
  });

  it.each([PageFirst, PageLast])('turns valid text into numbers (%p)', async (metatype) => {
    expect(await parse(metatype, { page: '3', pageSize: '100', colour: 'red' })).toMatchObject({
      page: 3,
      pageSize: 100,
      colour: 'red',
    });
  });

  it.each([
    [{ page: '0' }, [{ field: 'page', messages: ['page must not be less than 1'] }]],
    [{ page: '51' }, [{ field: 'page', messages: ['page must not be greater than 50'] }]],
    [{ pageSize: '0' }, [{ field: 'pageSize', messages: ['pageSize must not be less than 1'] }]],
    [
      { pageSize: String(MAX_PAGE_SIZE + 1) },
      [{ field: 'pageSize', messages: ['pageSize must not be greater than 100'] }],
    ],
  ])('refuses %p out of bounds, never clamping it', async (query, errors) => {
    expect(await parse(PageFirst, query)).toEqual(errors);
    expect(await parse(PageLast, query)).toEqual(errors);
  });

  it('keeps anything but plain digits as text, so every check fails by name', async () => {
    const all = ['page must not be greater than 50', 'page must not be less than 1', 'page must be an integer number'];
    for (const page of ['5.0', '1e2', ' 5', '0x10', '', 'two', '1.5'])
      expect(await parse(PageLast, { page })).toEqual([{ field: 'page', messages: all }]);
  });

  it('reports errors[] in the order the parts are combined', async () => {
    const query = { page: '0', colour: 'green' };
    expect(((await parse(PageFirst, query)) as { field: string }[]).map((error) => error.field)).toEqual([
      'page',
      'colour',
    ]);
    expect(((await parse(PageLast, query)) as { field: string }[]).map((error) => error.field)).toEqual([
      'colour',
      'page',
    ]);
  });

  it('documents both parameters with their bounds and defaults', async () => {
    @Controller('things')
    class ThingsController {
      @Get()
      list(@Query() _query: PageLast): void {}
    }
    const module = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    const app = module.createNestApplication(new FastifyAdapter(), { logger: false });
    await app.init();
    try {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const parameters = (document.paths['/things'].get?.parameters ?? []) as { name: string; schema: object }[];
      expect(parameters.map((parameter) => parameter.name)).toEqual(['colour', 'page', 'pageSize']);
      expect(parameters[1]).toMatchObject({
        in: 'query',
        required: false,
        schema: { minimum: 1, maximum: 50, default: 1, type: 'number' },
      });
      expect(parameters[2]).toMatchObject({ schema: { minimum: 1, maximum: 100, default: 20, type: 'number' } });
    } finally {
      await app.close();
    }
  });
});
