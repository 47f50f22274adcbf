/** The four deployable services: one image, one chart and one ECR repository each. */
export const SERVICES = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}
