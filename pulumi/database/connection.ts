import { DATABASE_NAMESPACE } from '../config/namespaces';

/** Release name, which the chart also uses as the replica set name and the `<name>-svc` Service prefix. */
export const MONGODB_RELEASE = 'mongodb';
export const MONGODB_PORT = 27017;

/** Stable DNS names of the members (the operator's StatefulSet pods behind the `<name>-svc` headless Service). */
export function memberHosts(members: number, release = MONGODB_RELEASE, namespace = DATABASE_NAMESPACE): string[] {
  return [...Array(members).keys()].map(
    (i) => `${release}-${i}.${release}-svc.${namespace}.svc.cluster.local:${MONGODB_PORT}`,
  );
}

/**
 * Connection string of one service: its own user (created by the operator in `admin`, with readWrite on
 * the service's database only), every member listed so the driver finds the primary after a failover.
 */
export function mongodbUri(a: { user: string; password: string; database: string; hosts: string[] }): string {
  const credentials = `${encodeURIComponent(a.user)}:${encodeURIComponent(a.password)}`;
  return `mongodb://${credentials}@${a.hosts.join(',')}/${a.database}?replicaSet=${MONGODB_RELEASE}&authSource=admin`;
}
