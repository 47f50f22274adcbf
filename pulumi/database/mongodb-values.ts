import type * as pulumi from '@pulumi/pulumi';
import { APP_NAMESPACE } from '../config/namespaces';
import { SERVICE_NAMES } from '../config/services';
import { MONGODB_RELEASE } from './connection';

/** The chart names its CronJob and the jobs' ServiceAccount `<fullname>-backup`. */
export const BACKUP_CRONJOB = `${MONGODB_RELEASE}-backup`;
export const BACKUP_SERVICE_ACCOUNT = `${MONGODB_RELEASE}-backup`;
/** Key prefix of the backups in the bucket. */
export const BACKUP_PREFIX = 'mongodb';

/** Database users whose passwords the stack generates, and the Secret the chart reads each from (key `password`). */
export const DATABASE_USERS = [...SERVICE_NAMES, 'backup', 'restore'] as const;
export type DatabaseUser = (typeof DATABASE_USERS)[number];

export function passwordSecretName(user: DatabaseUser): string {
  return `${MONGODB_RELEASE}-${user}-password`;
}

export interface MongodbValuesArgs {
  /** Replica set members: 1 or 3. */
  members: number;
  /** Data volume per member in GiB. */
  storageGi: number;
  backup: { schedule: string; bucket: pulumi.Input<string>; region: string; roleArn: pulumi.Input<string> };
}

/**
 * Values for `helm/mongodb`, layered over its values-<stack>.yaml: sizing from the stack config, where the
 * clients live, and the backup target. Passwords are never values: the chart reads the Secrets above.
 */
export function mongodbValues(a: MongodbValuesArgs) {
  return {
    replicaSet: { members: a.members },
    persistence: { dataSize: `${a.storageGi}Gi` },
    networkPolicy: { enabled: true, clientNamespace: APP_NAMESPACE },
    backup: {
      enabled: true,
      schedule: a.backup.schedule,
      s3: { bucket: a.backup.bucket, region: a.backup.region, prefix: BACKUP_PREFIX },
      serviceAccount: { roleArn: a.backup.roleArn },
    },
  };
}
