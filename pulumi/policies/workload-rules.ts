import { SERVICE_NAMES } from '../config/services';
import { TYPES, get, type PolicyResource, type PolicyRule, type Violation } from './types';

const OPEN_TO_ALL = '0.0.0.0/0';

/** Releases of this repository's charts, found by their `helm/<chart>` path. */
function localReleases(resources: PolicyResource[], charts: readonly string[]): PolicyResource[] {
  return resources.filter(
    (r) =>
      r.type === TYPES.helmRelease && charts.some((chart) => String(r.props.chart ?? '').endsWith(`/helm/${chart}`)),
  );
}

export const clusterApiNotOpen: PolicyRule = {
  name: 'cluster-api-not-open',
  description: `The EKS API endpoint is not reachable from ${OPEN_TO_ALL} unless the stack explicitly allows it.`,
  check(resources, context) {
    if (context.allowApiFromAnywhere) return [];
    return resources
      .filter((r) => r.type === TYPES.eksCluster && r.props.endpointPublicAccess !== false)
      .filter((r) => {
        const cidrs = r.props.publicAccessCidrs;
        // No list at all means AWS's default, which is the whole internet.
        return !Array.isArray(cidrs) || cidrs.length === 0 || cidrs.includes(OPEN_TO_ALL);
      })
      .map((r) => ({ rule: this.name, resource: r.name, message: this.description }));
  },
};

export const serviceResourcesSet: PolicyRule = {
  name: 'service-resources-set',
  description: 'Every service release sets CPU and memory requests and a memory limit.',
  check(resources) {
    return localReleases(resources, SERVICE_NAMES)
      .filter((r) =>
        ['requests.cpu', 'requests.memory', 'limits.memory'].some(
          (p) => !get(r.props.values, 'resources', ...p.split('.')),
        ),
      )
      .map((r) => ({ rule: this.name, resource: r.name, message: this.description }));
  },
};

const SECRET_KEY = /(password|passwd|secret|token|private_?key|credentials?)$/i;
// Keys that name where a secret lives (a Secret's name or a key inside it), which is the point.
const REFERENCE_KEY = /(existingSecret|secretName|secretRef|Key|KeyRef|ClientId)$/;
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /mongodb(\+srv)?:\/\/[^/@\s]+:[^/@\s]+@/,
  // Redis URLs carry the password after an often empty user name: rediss://:token@host.
  /rediss?:\/\/[^/@\s]*:[^/@\s]+@/,
  // Stripe keys by their prefixes: API keys (secret or restricted, either mode) and webhook signing secrets, whatever
  // the value is called (STRIPE_SECRET_KEY ends in KEY, which SECRET_KEY alone would not catch).
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{8,}/,
  /\bwhsec_[A-Za-z0-9+/=]{8,}/,
  // The broker's URL carries its user's password: amqps://user:password@broker.
  /amqps?:\/\/[^/@\s]+:[^/@\s]+@/,
];

function plaintextSecrets(value: unknown, path: string): string[] {
  if (typeof value === 'string') return SECRET_VALUE.some((p) => p.test(value)) ? [path] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = path ? `${path}.${key}` : key;
    const namedLikeSecret = SECRET_KEY.test(key) && !REFERENCE_KEY.test(key);
    return namedLikeSecret && typeof child === 'string' && child !== '' ? [here] : plaintextSecrets(child, here);
  });
}

export const noSecretsInHelmValues: PolicyRule = {
  name: 'no-secrets-in-helm-values',
  description:
    'Helm values carry no passwords, keys or credentialed URLs: secrets go in Kubernetes Secrets, by reference.',
  check(resources) {
    return resources
      .filter((r) => r.type === TYPES.helmRelease)
      .flatMap((r): Violation[] =>
        plaintextSecrets(r.props.values, 'values').map((path) => ({
          rule: this.name,
          resource: r.name,
          message: `${path}: ${this.description}`,
        })),
      );
  },
};

export const prodHighlyAvailable: PolicyRule = {
  name: 'prod-highly-available',
  description:
    'Prod survives the loss of a zone: NAT per zone, 3 database members, 2+ replicas and a PDB per service, 2+ nodes, ' +
    'one node group per zone, a cache with a replica in another zone and automatic failover.',
  check(resources, context) {
    if (context.stack !== 'prod') return [];
    const violations: Violation[] = [];
    const fail = (resource: string, message: string) => violations.push({ rule: this.name, resource, message });
    const nats = resources.filter((r) => r.type === TYPES.natGateway).length;
    if (nats < 3) fail('network', `${nats} NAT gateway(s); prod needs one per zone (3)`);
    const groups = resources.filter((r) => r.type === TYPES.managedNodeGroup);
    const minNodes = groups.reduce((sum, group) => sum + Number(get(group.props, 'scalingConfig', 'minSize')), 0);
    if (groups.length > 0 && minNodes < 2) fail('nodes', `${minNodes} node(s) at minimum; prod needs 2+`);
    // Zonal volumes: the autoscaler can add a node in a volume's zone only through a group in that zone alone.
    const zonal = groups.filter((group) => (group.props.subnetIds as unknown[] | undefined)?.length === 1).length;
    if (groups.length > 0 && zonal < 3) fail('nodes', 'node groups are not one per zone (3)');
    for (const db of localReleases(resources, ['mongodb'])) {
      if (Number(get(db.props.values, 'replicaSet', 'members')) < 3)
        fail(db.name, 'MongoDB needs 3 replica set members in prod');
    }
    for (const cache of resources.filter((r) => r.type === TYPES.replicationGroup)) {
      const replicated = Number(cache.props.numCacheClusters) >= 2;
      if (!replicated || cache.props.automaticFailoverEnabled !== true || cache.props.multiAzEnabled !== true)
        fail(cache.name, 'cache without a replica in another zone and automatic failover');
    }
    for (const release of localReleases(resources, SERVICE_NAMES)) {
      if (Number(get(release.props.values, 'autoscaling', 'minReplicas')) < 2)
        fail(release.name, 'fewer than 2 replicas');
      if (get(release.props.values, 'pdb', 'create') !== true) fail(release.name, 'no PodDisruptionBudget');
    }
    return violations;
  },
};
