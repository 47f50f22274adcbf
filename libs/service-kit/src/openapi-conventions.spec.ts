import { type OpenAPIObject } from '@nestjs/swagger';
import { applyPlatformConventions } from './openapi-conventions';

const documentWith = (paths: Record<string, Record<string, unknown>>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'test', version: '1' },
  paths: paths as OpenAPIObject['paths'],
});

describe('applyPlatformConventions: load shedding', () => {
  it('documents 503 SERVICE_OVERLOADED with Retry-After on every public API operation', () => {
    const document = applyPlatformConventions(documentWith({ '/api/v1/cart': { get: { responses: { 200: {} } } } }));
    const shed = document.paths['/api/v1/cart'].get!.responses['503'] as { description: string; headers: object };
    expect(shed.description).toContain('SERVICE_OVERLOADED');
    expect(shed.headers).toHaveProperty('Retry-After');
  });

  it("adds it to an operation's own 503 instead of replacing what that one says", () => {
    const own = { description: '`DATABASE_UNAVAILABLE`: the database is unavailable.' };
    const document = applyPlatformConventions(
      documentWith({ '/api/v1/products': { get: { responses: { 200: {}, 503: own } } } }),
    );
    const merged = document.paths['/api/v1/products'].get!.responses['503'] as { description: string; headers: object };
    expect(merged.description).toMatch(
      /^`DATABASE_UNAVAILABLE`: the database is unavailable\. Or `SERVICE_OVERLOADED`/,
    );
    expect(merged.headers).toHaveProperty('Retry-After');
  });

  it("shows its example body beside an own 503's examples, which stay as they were", () => {
    const database = { summary: 'DATABASE_UNAVAILABLE', value: { code: 'DATABASE_UNAVAILABLE' } };
    const own = {
      description: '`DATABASE_UNAVAILABLE`: the database is unavailable.',
      content: { 'application/problem+json': { examples: { DATABASE_UNAVAILABLE: database } } },
    };
    const document = applyPlatformConventions(
      documentWith({ '/api/v1/orders': { get: { responses: { 200: {}, 503: own } } } }),
    );
    const merged = document.paths['/api/v1/orders'].get!.responses['503'] as {
      content: Record<string, { examples: Record<string, { value: { code: string; status: number } }> }>;
    };
    const examples = merged.content['application/problem+json'].examples;
    expect(examples.DATABASE_UNAVAILABLE).toBe(database);
    expect(examples.SERVICE_OVERLOADED.value).toMatchObject({ code: 'SERVICE_OVERLOADED', status: 503 });
    expect(Object.keys(own.content['application/problem+json'].examples)).toEqual(['DATABASE_UNAVAILABLE']);
  });

  it('says it once on a 503 that several operations share (decorators reuse one response object)', () => {
    const shared = { description: '`DATABASE_UNAVAILABLE`: the database is unavailable.' };
    const document = applyPlatformConventions(
      documentWith({
        '/api/v1/products': { get: { responses: { 503: shared } }, post: { responses: { 503: shared } } },
        '/api/v1/products/{id}': { get: { responses: { 503: shared } } },
      }),
    );
    for (const [path, method] of [
      ['/api/v1/products', 'get'],
      ['/api/v1/products', 'post'],
      ['/api/v1/products/{id}', 'get'],
    ] as const) {
      const { description } = document.paths[path][method]!.responses['503'] as { description: string };
      expect(description.match(/SERVICE_OVERLOADED/g)).toHaveLength(1);
    }
    expect(shared.description).toBe('`DATABASE_UNAVAILABLE`: the database is unavailable.');
  });

  it('leaves the routes that are never shed alone (health, metrics, internal calls, JWKS)', () => {
    const paths = ['/health/ready', '/metrics', '/internal/v1/reservations', '/.well-known/jwks.json'];
    const document = applyPlatformConventions(
      documentWith(Object.fromEntries(paths.map((path) => [path, { get: { responses: { 200: {} } } }]))),
    );
    for (const path of paths) expect(document.paths[path].get!.responses).not.toHaveProperty('503');
  });
});
