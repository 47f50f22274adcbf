import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type ServiceIdentity } from '@app/config';
import { applyPlatformConventions } from './openapi-conventions';
import { splitByAudience } from './openapi-split';

/** Where each service serves its contract: distinct paths, so all four are browsable through one edge. */
export const openApiPaths = (service: ServiceIdentity) => ({
  ui: `docs/${service.name}`,
  json: `docs/${service.name}/openapi.json`,
});

export function buildOpenApiDocument(app: INestApplication, service: ServiceIdentity): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(service.title)
    .setDescription(`${service.title}. Errors are RFC 9457 application/problem+json bodies with a stable \`code\`.`)
    .setVersion('1.0.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Access token from user-service (ES256 or RS256). Follows RFC8725 (JWT best current practices): the algorithm is pinned per key, `alg: none` and HMAC are refused, and `iss`, `aud` and `exp` are always checked.',
    })
    .build();
  // One public server: the edge locally, the shared ALB in a cluster. Internal endpoints are not published here.
  config.servers = [
    {
      url: '/',
      description:
        'Same origin in every environment: local (the edge on :8080), staging and production (the shared ALB)',
      'x-internal': false,
    } as never,
  ];
  return applyPlatformConventions(SwaggerModule.createDocument(app, config));
}

export function serveOpenApi(app: INestApplication, service: ServiceIdentity): void {
  // Served through the edge: the public half only (the internal one is in docs/api/internal/).
  const document = splitByAudience(buildOpenApiDocument(app, service)).public;
  const paths = openApiPaths(service);
  SwaggerModule.setup(paths.ui, app, document, { jsonDocumentUrl: paths.json, yamlDocumentUrl: '' });
}
