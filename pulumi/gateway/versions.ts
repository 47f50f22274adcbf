/**
 * Envoy Gateway, pinned like every third-party chart (pulumi/lib/charts.ts): its chart is published as an OCI
 * artifact only, so it is named by its full reference and has no repository. v1.9.1 brings the Gateway API v1.6.1
 * standard CRDs, which helm/gateway's Gateway and HTTPRoutes are written against.
 */
export const ENVOY_GATEWAY_CHART = { chart: 'oci://docker.io/envoyproxy/gateway-helm', version: 'v1.9.1' } as const;

/** The controller every GatewayClass of Envoy Gateway names (its chart's config.envoyGateway.gateway default). */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
