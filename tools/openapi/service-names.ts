/** The four services whose contracts live in docs/api/. */
export const DEFINITION_NAMES = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;
