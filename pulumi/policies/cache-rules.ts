import { TYPES, type PolicyRule } from './types';

/**
 * The cache holds rate-limit counters keyed by client addresses and user ids, and its AUTH token only
 * protects anything if it never crosses the network in clear: TLS is required (not "preferred", which
 * still accepts plain connections) and the data is encrypted at rest.
 */
export const cacheEncrypted: PolicyRule = {
  name: 'elasticache-encrypted',
  description: 'Every ElastiCache replication group requires TLS in transit and encrypts data at rest.',
  check(resources) {
    return resources
      .filter((r) => r.type === TYPES.replicationGroup)
      .filter(
        (r) =>
          r.props.transitEncryptionEnabled !== true ||
          r.props.transitEncryptionMode === 'preferred' ||
          r.props.atRestEncryptionEnabled !== true,
      )
      .map((r) => ({ rule: this.name, resource: r.name, message: this.description }));
  },
};
