/** The services this platform deploys: one Helm chart, one ECR repository and one database each. */
export const SERVICE_NAMES = [
  'product-service',
  'user-service',
  'cart-service',
  'order-service',
  'notification-service',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What the infrastructure needs to know about a service, beyond its name. */
export interface ServiceSpec {
  /** MongoDB database the service owns (one database user per service). */
  database: string;
  /** Public path prefixes the shared ALB routes to this service; none: no Ingress, nothing reaches it but Prometheus. */
  publicPaths: string[];
  /** Services it calls, as chart `upstreams` keys. */
  upstreams: Partial<Record<'productService' | 'cartService' | 'userService', ServiceName>>;
  /** Whether it calls others with an OAuth2 client-credentials token (so needs a client secret). */
  isServiceClient: boolean;
  /**
   * Whether it gets REDIS_URL: every service keeps rate-limit windows there (so limits hold across
   * replicas), and product-service also its catalog cache (so an admin write invalidates every replica).
   */
  usesRedis: boolean;
  /**
   * Whether it takes payments through Stripe: it gets PAYMENT_PROVIDER=stripe, the Stripe keys in its Secret (and
   * no other service does) and HTTPS egress to Stripe's API (pulumi/services/payments.ts).
   */
  takesPayments: boolean;
  /**
   * Whether it is on the event bus (publisher or consumer): it gets AMQP_URL of the stack's broker in its Secret
   * and egress to the broker's port in the private subnets (pulumi/messaging/connection.ts).
   */
  usesBroker: boolean;
  /** Whether it mails shoppers: SES through an IRSA role on its ServiceAccount, and HTTPS out to SES and STS. */
  sendsMail: boolean;
}

export const SERVICES: Record<ServiceName, ServiceSpec> = {
  'product-service': {
    database: 'ecommerce_products',
    publicPaths: ['/api/v1/products'],
    upstreams: {},
    isServiceClient: false,
    usesRedis: true,
    takesPayments: false,
    usesBroker: false,
    sendsMail: false,
  },
  'user-service': {
    database: 'ecommerce_users',
    publicPaths: ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'],
    upstreams: {},
    isServiceClient: false,
    usesRedis: true,
    takesPayments: false,
    usesBroker: false,
    sendsMail: false,
  },
  'cart-service': {
    database: 'ecommerce_carts',
    publicPaths: ['/api/v1/cart'],
    upstreams: { productService: 'product-service', userService: 'user-service' },
    isServiceClient: true,
    usesRedis: true,
    takesPayments: false,
    usesBroker: false,
    sendsMail: false,
  },
  'order-service': {
    database: 'ecommerce_orders',
    // /api/v1/payments: Stripe's webhook (POST /api/v1/payments/stripe/webhook), public and signed, no token.
    publicPaths: ['/api/v1/orders', '/api/v1/payments'],
    upstreams: { cartService: 'cart-service', productService: 'product-service', userService: 'user-service' },
    isServiceClient: true,
    usesRedis: true,
    takesPayments: true,
    // Publishes order and payment events through its outbox (they wait there while the broker is down).
    usesBroker: true,
    sendsMail: false,
  },
  'notification-service': {
    database: 'ecommerce_notifications',
    publicPaths: [],
    // A shopper's mail address: GET /internal/v1/users/{id}/contact with a client-credentials token.
    upstreams: { userService: 'user-service' },
    isServiceClient: true,
    // No public routes, so no rate limits to share.
    usesRedis: false,
    takesPayments: false,
    usesBroker: true,
    sendsMail: true,
  },
};

/** Whether the service has a public API (an Ingress on the shared ALB). */
export const isPublicService = (service: ServiceName): boolean => SERVICES[service].publicPaths.length > 0;

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
