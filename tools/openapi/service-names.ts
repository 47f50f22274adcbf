/** The four services whose contracts live in docs/api/. */
export const DEFINITION_NAMES = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;

/** The services with service-to-service routes, documented apart in docs/api/internal/. */
export const INTERNAL_DOCUMENT_NAMES = ['product-service', 'user-service', 'cart-service'] as const;

/** Every committed document, public then internal, as a path under docs/api/. */
export const DOCUMENT_FILES = [
  ...DEFINITION_NAMES.map((service) => `${service}.openapi.json`),
  ...INTERNAL_DOCUMENT_NAMES.map((service) => `internal/${service}.openapi.json`),
];
