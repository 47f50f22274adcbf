import {
  arrayOf,
  boolean,
  integer,
  nameAndHelmKeys,
  object,
  oneOfStrings,
  patterns,
  type Schema,
  string,
  stringMap,
} from './dsl';
import { image, topologySpread } from './parts';

/** The services with public routes; notification-service has none. */
const ROUTED_SERVICES = ['product-service', 'user-service', 'cart-service', 'order-service'];

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Envoy Gateway's duration syntax (Gateway API Duration), e.g. 30s, 1m30s. */
const DURATION = '^([0-9]{1,5}(h|m|s|ms)){1,4}$';

/**
 * One declared match. The path is literal (no regular expressions, which Envoy and the local edge would read
 * differently). That it is never a path the cluster keeps to itself (/internal, /health, /metrics) is checked by
 * the chart (gateway.validate), whose message names the route; a schema `not` would only say "'not' failed".
 */
const routeMatch = (): Schema =>
  object('One public path of a service: its methods, the path and how it matches', {
    methods: arrayOf(oneOfStrings(...HTTP_METHODS), { minItems: 1, uniqueItems: true }),
    match: oneOfStrings('Exact', 'PathPrefix'),
    path: string({ pattern: '^(/[A-Za-z0-9._~-]+)+$|^/$', maxLength: 1024 }),
  });

/** Gateway API allows 16 rules per HTTPRoute: one rule per declared path. */
const matches = (description: string): Schema => arrayOf(routeMatch(), { description, maxItems: 16 });

const routes = (): Schema =>
  arrayOf(
    object(
      'The public and protected paths of one service',
      {
        service: oneOfStrings(...ROUTED_SERVICES),
        public: matches('Paths that pass without a token'),
        protected: matches('Paths that need a valid access token'),
      },
      { optional: ['public', 'protected'] },
    ),
    { minItems: 1 },
  );

const resources = (): Schema =>
  object('Resources of the Envoy container', {
    requests: object('Resources the scheduler reserves', {
      cpu: string({ pattern: patterns.cpu }),
      memory: string({ pattern: patterns.memory }),
    }),
    limits: object('Resource limits', { memory: string({ pattern: patterns.memory }) }),
  });

const podPeer = (description: string, minLabels: number): Schema =>
  object(description, {
    namespace: string({ pattern: patterns.dnsLabel }),
    podLabels: { ...stringMap(), minProperties: minLabels },
  });

/** Header names as RFC 9110 tokens, values on one line. */
const securityHeaders = (): Schema => ({
  type: 'object',
  propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" },
  additionalProperties: { type: 'string', pattern: '^[^\\r\\n]*$', minLength: 1 },
});

export function gatewaySchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'gateway chart values',
    ...object(
      'Values of the gateway chart',
      {
        ...nameAndHelmKeys(),
        routes: routes(),
        gatewayClassName: string({ pattern: patterns.dnsSubdomain }),
        listener: object('The HTTP listener', { port: integer(1024, 65535) }),
        jwt: object('Token check of the protected routes', {
          issuer: string({ maxLength: 253 }),
          audiences: arrayOf(string({ minLength: 1 }), { uniqueItems: true }),
          jwks: object('Where the keys come from', {
            service: string({ pattern: patterns.dnsLabel }),
            port: integer(1, 65535),
            path: string({ pattern: '^(/[A-Za-z0-9._~-]+)+$' }),
            cacheDuration: string({ pattern: DURATION }),
          }),
        }),
        rateLimit: object('Rate limits', {
          perClientIp: object('Local rate limit per client IP and Envoy pod', {
            requests: integer(1, 1000000),
            unit: oneOfStrings('Second', 'Minute', 'Hour'),
          }),
        }),
        clientIp: object('How the client IP is found', { trustedHops: integer(1, 5) }),
        clientTimeouts: object('Timeouts of client connections', {
          requestReceived: string({ pattern: DURATION }),
          idle: string({ pattern: DURATION }),
        }),
        cors: object('Cross-origin rules for browsers', {
          allowedOrigins: arrayOf(string({ pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?$' }), { uniqueItems: true }),
          maxAgeSeconds: integer(0, 86400),
        }),
        securityHeaders: securityHeaders(),
        docs: object("The services' API documents (/docs/<service>)", { exposed: boolean() }),
        envoy: object('The Envoy proxies', {
          replicas: integer(1, 50),
          image: string({
            pattern: '^([a-z0-9][a-z0-9./_:-]*(@sha256:[a-f0-9]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$',
          }),
          resources: resources(),
          pdb: object('PodDisruptionBudget of the Envoy pods', { maxUnavailable: integer(1, 50) }),
          topologySpread: topologySpread('Spread of the Envoy pods'),
        }),
        ingress: object('The ALB Ingress', {
          enabled: boolean(),
          className: string({ pattern: patterns.dnsSubdomain }),
          groupName: string({ pattern: '^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$' }),
          scheme: oneOfStrings('internet-facing', 'internal'),
          host: string({ pattern: patterns.optionalHost }),
          certificateArn: string({ pattern: patterns.optionalCertificateArn }),
          sslPolicy: string({ pattern: '^ELBSecurityPolicy-[A-Za-z0-9-]+$' }),
          deregistrationDelaySeconds: integer(0, 55),
          annotations: stringMap(),
        }),
        networkPolicy: object('NetworkPolicy of the Envoy pods', {
          enabled: boolean(),
          loadBalancer: object('The ALB', {
            cidrs: arrayOf(string({ pattern: patterns.cidr }), { uniqueItems: true }),
          }),
          controller: object('Envoy Gateway controller', {
            namespace: string({ pattern: patterns.dnsLabel }),
            podLabels: { ...stringMap(), minProperties: 1 },
            port: integer(1, 65535),
          }),
          monitoring: object('Prometheus', {
            namespace: string({ pattern: patterns.optionalDnsLabel }),
            podLabels: stringMap(),
          }),
          tracing: podPeer('The trace collector', 1),
          dns: podPeer('Cluster DNS', 1),
        }),
        tracing: object('Envoy tracing', {
          enabled: boolean(),
          collector: object('OTLP gRPC endpoint of the collector', {
            host: string({ pattern: patterns.dnsSubdomain }),
            port: integer(1, 65535),
          }),
          samplingPercent: integer(0, 100),
        }),
        mesh: object('Istio ambient mesh', {
          enabled: boolean(),
          waypoint: object('The namespace waypoint', { podLabels: { ...stringMap(), minProperties: 1 } }),
        }),
        tests: object('The helm test pod', {
          publicPath: string({ pattern: '^(/[A-Za-z0-9._~-]+)+$' }),
          protectedPath: string({ pattern: '^(/[A-Za-z0-9._~-]+)+$' }),
          image: image('Image of the helm test pod'),
        }),
      },
      { optional: ['global', 'common'] },
    ),
  };
}
