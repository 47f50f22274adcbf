import { type INestApplication } from '@nestjs/common';
import { type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, createServiceApp, type ServiceDefinition, splitByAudience } from '@app/service-kit';
import { cartService } from '../../apps/cart-service/src/cart-service';
import { orderService } from '../../apps/order-service/src/order-service';
import { productService } from '../../apps/product-service/src/product-service';
import { userService } from '../../apps/user-service/src/user-service';

export const DEFINITIONS: ServiceDefinition<object>[] = [
  productService,
  userService,
  cartService,
  orderService,
] as ServiceDefinition<object>[];

export const documentPath = (service: string): string => `docs/api/${service}.openapi.json`;
/** Internal documents are keyed `internal/<service>`: docs/api/internal/<service>.openapi.json. */
export const internalKey = (service: string): string => `internal/${service}`;

/** The contract exactly as the running code serves it, serialised stably so a review shows every change. */
export function serialise(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Builds each service's OpenAPI documents from the real application (its modules, DTOs and decorators): the
 * public one under the service's name, and its internal routes, if any, under `internal/<service>`.
 */
export async function generateOpenApiDocuments(
  environment: NodeJS.ProcessEnv,
  /** Sees each service's initialised application before it closes (tests read its controllers). */
  inspect?: (service: string, app: INestApplication) => void,
): Promise<Map<string, OpenAPIObject>> {
  const documents = new Map<string, OpenAPIObject>();
  for (const definition of DEFINITIONS) {
    const app = await createServiceApp(definition, { environment: { ...environment, LOG_LEVEL: 'silent' } });
    try {
      await app.init();
      const split = splitByAudience(buildOpenApiDocument(app, definition.identity));
      documents.set(definition.identity.name, split.public);
      if (split.internal) documents.set(internalKey(definition.identity.name), split.internal);
      inspect?.(definition.identity.name, app);
    } finally {
      await app.close();
    }
  }
  return documents;
}
