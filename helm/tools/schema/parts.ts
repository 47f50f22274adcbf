import { arrayOf, boolean, integer, object, oneOfStrings, patterns, type Schema, string, stringMap } from './dsl';

/** Container image by repository plus digest or tag; "latest" is refused because it is not reproducible. */
export const image = (description: string): Schema =>
  object(description, {
    repository: string({ pattern: patterns.imageRepository }),
    digest: string({ pattern: patterns.optionalDigest }),
    tag: string({ pattern: patterns.optionalTag, not: { const: 'latest' } }),
    pullPolicy: oneOfStrings('IfNotPresent', 'Always', 'Never'),
  });

/** Requests for CPU and memory, and a memory limit only: a CPU limit throttles latency-sensitive Node. */
export const resources = (description: string): Schema =>
  object(description, {
    requests: object('Resources the scheduler reserves', {
      cpu: string({ pattern: patterns.cpu }),
      memory: string({ pattern: patterns.memory }),
    }),
    limits: object('Resource limits', { memory: string({ pattern: patterns.memory }) }),
  });

export const topologySpread = (description: string): Schema =>
  object(description, {
    zone: oneOfStrings('ScheduleAnyway', 'DoNotSchedule'),
    node: oneOfStrings('ScheduleAnyway', 'DoNotSchedule'),
  });

export const securityContext = (description: string): Schema =>
  object(description, { runAsUser: integer(1, 2147483647), runAsGroup: integer(1, 2147483647) });

const probe = (description: string): Schema =>
  object(description, {
    periodSeconds: integer(1, 60),
    timeoutSeconds: integer(1, 30),
    failureThreshold: integer(1, 120),
  });

export const probes = (): Schema =>
  object('Probes on /health/live (startup, liveness) and /health/ready (readiness)', {
    startup: probe('Startup probe: how long a pod may take to start'),
    liveness: probe('Liveness probe: when a stuck pod is restarted'),
    readiness: probe('Readiness probe: when a pod receives traffic'),
  });

/** A PDB sets minAvailable or maxUnavailable, never both; zero or 100% would block every node drain. */
export const pdb = (): Schema => {
  const positiveOrPercent = (percent: string): Schema => ({
    oneOf: [integer(1), string({ pattern: percent })],
  });
  return object(
    'PodDisruptionBudget: exactly one of minAvailable and maxUnavailable',
    {
      create: boolean(),
      minAvailable: positiveOrPercent('^[1-9][0-9]?%$'),
      maxUnavailable: positiveOrPercent('^([1-9][0-9]?|100)%$'),
    },
    {
      optional: ['minAvailable', 'maxUnavailable'],
      // The properties are repeated inside "not" only so that strict validators see them as known.
      extra: {
        not: { required: ['minAvailable', 'maxUnavailable'], properties: { minAvailable: true, maxUnavailable: true } },
      },
    },
  );
};

export const serviceNames = (): Schema =>
  arrayOf(oneOfStrings('product-service', 'user-service', 'cart-service', 'order-service', 'notification-service'), {
    uniqueItems: true,
  });

export const podPeer = (description: string): Schema =>
  object(description, {
    namespace: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
    podLabels: stringMap(),
  });

export const tolerations = (): Schema => arrayOf({ type: 'object' });
