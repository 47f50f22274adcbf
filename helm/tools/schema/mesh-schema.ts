import {
  arrayOf,
  boolean,
  integer,
  nameAndHelmKeys,
  number,
  object,
  oneOfStrings,
  patterns,
  type Schema,
  string,
  stringMap,
} from './dsl';
import { image, resources, securityContext, serviceNames } from './parts';

/** HTTP methods a call or check may use (the methods of an Istio operation and of a Gateway API match). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A path of the calls table: literal segments, or `{name}` for exactly one segment (rendered as Istio's `{*}`). */
export const CALL_PATH = '^(/([A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*\\}))+$';
/** A path an Istio operation matches: exact, or a prefix written as a final `/*`. */
const OPERATION_PATH = '^/([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?(/\\*)?$';

const service = (): Schema => oneOfStrings(...(serviceNames().items as { enum: string[] }).enum);
const labels = (): Schema => ({ ...stringMap(), minProperties: 1 });
const namespace = (): Schema => string({ pattern: patterns.dnsLabel });
/** A map from service name to paths; free-form keys (checked against `services` by the chart). */
const pathsPerService = (description: string): Schema => ({
  type: 'object',
  description,
  propertyNames: service(),
  additionalProperties: arrayOf(string({ pattern: OPERATION_PATH }), { uniqueItems: true }),
});

const call = (): Schema =>
  object('One allowed call: who calls whom, with which methods on which paths, and why', {
    from: service(),
    to: service(),
    why: string({ minLength: 1 }),
    methods: arrayOf(oneOfStrings(...HTTP_METHODS), { minItems: 1, uniqueItems: true }),
    paths: arrayOf(string({ pattern: CALL_PATH }), { minItems: 1, uniqueItems: true }),
  });

export function meshSchema(): Schema {
  // Not nameOverride/fullnameOverride: the mesh's objects are named after the services and the waypoint.
  const { global, common } = nameAndHelmKeys();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mesh chart values',
    ...object(
      'Values of the mesh chart',
      {
        global,
        common,
        calls: arrayOf(call()),
        services: { ...serviceNames(), minItems: 1 },
        servicePort: integer(1, 65535),
        trustDomain: string({ pattern: patterns.dnsSubdomain }),
        waypoint: object('The waypoint Istio deploys for the namespace', {
          name: string({ pattern: patterns.dnsLabel }),
          replicas: integer(1, 20),
          resources: resources('Resources of the waypoint proxy'),
          minAvailable: integer(0, 19),
        }),
        timeouts: object('Timeouts the waypoint applies', { request: string({ pattern: patterns.duration }) }),
        gateway: object('The edge gateway, the one caller from outside the namespace', {
          serviceAccount: string({ pattern: patterns.dnsLabel }),
          podLabels: labels(),
          paths: pathsPerService('Per service, the paths the edge gateway may call'),
          docsExposed: boolean(),
        }),
        monitoring: object('Prometheus, which scrapes every workload through the waypoint', {
          namespace: namespace(),
          serviceAccount: string({ pattern: patterns.dnsLabel }),
          podLabels: labels(),
          paths: arrayOf(string({ pattern: OPERATION_PATH }), { minItems: 1, uniqueItems: true }),
        }),
        releaseChecks: object('The helm test pods and the blue-green analysis Jobs', {
          serviceAccount: string({ pattern: patterns.dnsLabel }),
          readinessPath: string({ pattern: OPERATION_PATH }),
          tested: serviceNames(),
          smokePaths: pathsPerService('Per service, the paths the analysis Job GETs on the preview Service'),
        }),
        networkPolicy: object('NetworkPolicy of the waypoint pods', {
          enabled: boolean(),
          dns: object('Cluster DNS pods the waypoint may reach', { namespace: namespace(), podLabels: labels() }),
          istiod: object('istiod pods the waypoint may reach', { namespace: namespace(), podLabels: labels() }),
        }),
        tracing: object('The waypoint spans', {
          enabled: boolean(),
          provider: string({ pattern: patterns.dnsLabel }),
          samplingPercent: number(0, 100),
          collector: object('The OpenTelemetry Collector', {
            namespace: namespace(),
            podLabels: labels(),
            port: integer(1, 65535),
          }),
        }),
        tests: object('The helm test pod', {
          image: image('Image of the helm test pod'),
          securityContext: securityContext('Identity the test pod runs as (always non-root)'),
          refused: arrayOf(
            object('A call the waypoint must refuse to the release checks identity', {
              service: service(),
              method: oneOfStrings(...HTTP_METHODS),
              path: string({ pattern: OPERATION_PATH }),
            }),
            { minItems: 1 },
          ),
        }),
      },
      { optional: ['global', 'common'] },
    ),
  };
}
