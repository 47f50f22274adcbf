/** Port the cache listens on; the security group and the services' NetworkPolicy open only this one. */
export const CACHE_PORT = 6379;

/**
 * `REDIS_URL` of every service: `rediss://` because the cache only speaks TLS (ioredis then verifies the
 * endpoint's certificate), and the AUTH token as the password with no user name, as ElastiCache expects.
 */
export function redisUrl(a: { authToken: string; host: string; port?: number }): string {
  return `rediss://:${encodeURIComponent(a.authToken)}@${a.host}:${a.port ?? CACHE_PORT}`;
}

/**
 * NetworkPolicy egress rule (chart value `networkPolicy.extraEgress`) to the cache. The charts deny egress by
 * default and the cache is outside the cluster, so it is addressed by the ranges its nodes live in: the
 * private subnets (a failover moves the primary to another zone's subnet, so all of them).
 */
export function cacheEgressRule(subnetCidrs: string[], port = CACHE_PORT) {
  return {
    to: subnetCidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ports: [{ port, protocol: 'TCP' }],
  };
}
