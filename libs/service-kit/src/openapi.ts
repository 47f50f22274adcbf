import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type ServiceIdentity } from '@app/config';

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
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function serveOpenApi(app: INestApplication, service: ServiceIdentity): void {
  const document = buildOpenApiDocument(app, service);
  const paths = openApiPaths(service);
  SwaggerModule.setup(paths.ui, app, document, { jsonDocumentUrl: paths.json, yamlDocumentUrl: '' });
}
