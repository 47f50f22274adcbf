import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { registerSecurityHeaders, SECURITY_HEADERS, securityHeadersOf } from './security-headers';

@Controller('things')
class ThingsController {
  @Get()
  list(): { items: string[] } {
    return { items: [] };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('security headers', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), { logger: false });
    await registerSecurityHeaders(app);
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('things').build());
    SwaggerModule.setup('docs/things', app, document, { jsonDocumentUrl: 'docs/things/openapi.json' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app.close());

  let baseUrl: string;
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`);
    return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };

  it('sends HSTS, nosniff, no framing and no referrer on API answers, errors included', async () => {
    for (const response of [await get('/things'), await get('/nothing-here')]) {
      expect(response.headers).toMatchObject({
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
    }
  });

  it("sends every header helmet writes for the options (helmet's defaults included), on every answer", async () => {
    const expected = securityHeadersOf(SECURITY_HEADERS);
    expect(Object.keys(expected).sort()).toEqual([
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ]);
    expect(Object.isFrozen(expected)).toBe(true);
    for (const path of ['/things', '/nothing-here', '/things?page=2'])
      expect((await get(path)).headers).toMatchObject(expected);
  });

  it('gives Swagger UI a policy under which its own scripts and styles load, still never framed', async () => {
    const page = await get('/docs/things');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    // The page's scripts are files of this origin, which the policy admits.
    const script = /<script src="([^"]+swagger-ui-init\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await get(new URL(script!, 'http://x/docs/things/').pathname)).statusCode).toBe(200);
    expect((await get('/docs/things/swagger-ui-bundle.js')).headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
  });
});
