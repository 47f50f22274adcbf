import {
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
import { image, resources, securityContext, serviceNames, topologySpread } from './parts';

const secretName = (): Schema => string({ pattern: patterns.dnsSubdomain });

const serviceUser = (service: string): Schema =>
  object(`Database user of ${service}, with readWrite on its own database only`, {
    username: string({ pattern: patterns.dnsLabel }),
    // The restore job's "databases" mode restores ecommerce_* only, so every service database carries the prefix.
    database: string({ pattern: '^ecommerce_[a-z0-9_]+$' }),
    passwordSecret: secretName(),
  });

const toolUser = (role: string): Schema =>
  object(`User of the ${role} job (built-in ${role} role on admin)`, {
    username: string({ pattern: patterns.dnsLabel }),
    passwordSecret: secretName(),
  });

export function mongodbSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mongodb chart values',
    ...object(
      'Values of the mongodb chart',
      {
        ...nameAndHelmKeys(),
        replicaSet: object('The MongoDBCommunity replica set', {
          // An odd number of voting members keeps a majority through the loss of any minority.
          members: { type: 'integer', enum: [1, 3, 5, 7] },
          version: string({ pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' }),
          featureCompatibilityVersion: string({ pattern: '^[0-9]+\\.[0-9]+$' }),
          wiredTigerCacheSizeGB: number(0.25, 64),
          resources: object('Resources of the member containers', {
            mongod: resources('Resources of mongod'),
            agent: resources('Resources of the automation agent'),
          }),
          topologySpread: topologySpread('Spread of the members across zones and nodes'),
        }),
        persistence: object('Persistent volumes of every member', {
          storageClass: string({ pattern: patterns.dnsSubdomain }),
          dataSize: string({ pattern: patterns.memory }),
          logsSize: string({ pattern: patterns.memory }),
        }),
        auth: object('SCRAM users, with passwords from existing Secrets', {
          passwordSecretKey: string({ pattern: '^[-._a-zA-Z0-9]+$' }),
          users: object('One user per service', {
            productService: serviceUser('product-service'),
            userService: serviceUser('user-service'),
            cartService: serviceUser('cart-service'),
            orderService: serviceUser('order-service'),
            notificationService: serviceUser('notification-service'),
          }),
          backupUser: toolUser('backup'),
          restoreUser: toolUser('restore'),
        }),
        pdb: object('PodDisruptionBudget of the members', { create: boolean(), maxUnavailable: integer(1, 3) }),
        networkPolicy: object('NetworkPolicies of the members and of the backup, restore and test pods', {
          enabled: boolean(),
          allowedClients: { ...serviceNames(), minItems: 1 },
          clientNamespace: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
          dns: object('Cluster DNS pods the jobs may reach', {
            namespace: string({ pattern: patterns.dnsLabel }),
            podLabels: { ...stringMap(), minProperties: 1 },
          }),
        }),
        backup: object('Scheduled mongodump --oplog streamed to S3 through IRSA', {
          enabled: boolean(),
          schedule: string({ pattern: '^(\\S+\\s+){4}\\S+$' }),
          timeZone: string({ pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' }),
          readPreference: oneOfStrings('primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'),
          activeDeadlineSeconds: integer(300, 86400),
          successfulJobsHistoryLimit: integer(0, 10),
          failedJobsHistoryLimit: integer(1, 10),
          s3: object('Where the backups go', {
            bucket: string({ pattern: '^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$' }),
            prefix: string({ pattern: '^[A-Za-z0-9!_.*()-]+(/[A-Za-z0-9!_.*()-]+)*$' }),
            region: string({ pattern: '^([a-z]{2}(-gov)?-[a-z]+-[0-9])?$' }),
          }),
          serviceAccount: object('ServiceAccount of the backup and restore jobs', {
            name: string({ pattern: `^(${patterns.dnsSubdomain.slice(1, -1)})?$` }),
            roleArn: string({ pattern: patterns.optionalRoleArn }),
          }),
          securityContext: securityContext('Identity of the backup and restore containers (always non-root)'),
          mongoImage: image('Image with the MongoDB database tools and mongosh'),
          awsCliImage: image('Image with the AWS CLI'),
          resources: resources('Resources of each backup or restore container'),
        }),
        restore: object('The on-demand restore Job (scripts/restore.sh)', {
          enabled: boolean(),
          backupKey: string({ pattern: '^([A-Za-z0-9!_.*()/-]+/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z)?$' }),
          mode: oneOfStrings('databases', 'full'),
        }),
      },
      { optional: ['global', 'common'] },
    ),
  };
}
