import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { accountAdministersKey } from '../lib/kms';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { accountIdOf } from '../lib/trust';
import { regionalProvider } from '../lib/regional-provider';

export interface BackupsArgs {
  /** The cluster's OIDC provider, to trust the backup job's service account. */
  oidc: OidcProvider;
  /** Namespace the backup CronJob runs in. */
  namespace: string;
  /** Service account of the backup CronJob; the only identity allowed to use the role. */
  serviceAccount: string;
  /** Days a backup is kept before it expires (in the replica too). */
  retentionDays: number;
  /** Key prefix the backup job writes under; its role can touch nothing else. */
  prefix: string;
  /** The stack's region, where the backups are written. */
  region: string;
  /**
   * A copy of every backup in a second region (S3 replication), restorable when the first is down;
   * replicationTimeControl adds S3 RTC (99.99 % of objects within 15 minutes, billed per GB).
   */
  replica?: { region: string; replicationTimeControl: boolean };
  /**
   * With `replica`, an alarm on failed replication notifies the people on call: through this SNS topic (the
   * observability component's, which lets CloudWatch publish and use its key), linking the runbook under this base.
   */
  alerting: { topicArn: pulumi.Input<string>; runbookBaseUrl: string };
  /** Restore drill, reading side: another stack's backups this stack's job may read (never write). */
  drillSource?: { bucketArn: string; kmsKeyArn: string };
  /** Restore drill, source side: roles (another stack's backup job) allowed to read these backups (and the replica). */
  drillReaderRoleArns?: string[];
}

/** The replication rule; CloudWatch's replication metrics are reported per rule (dimension RuleId). */
export const REPLICATION_RULE_ID = 'backups-to-second-region';
/** Where the on-call engineer starts when replication fails, under the runbooks' base (docs/operations/runbooks). */
export const REPLICATION_RUNBOOK = 'database-storage-and-backups.md#backups-replication-failed-cloudwatch-alarm';

/** What a restore drill needs to read a bucket under one prefix: list it, get objects, decrypt them. */
function readStatements(bucketArn: string, keyArn: string, prefix: string) {
  return [
    {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': `${prefix}/*` } },
    },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/${prefix}/*` },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
  ];
}

/**
 * A backup key's policy: the account administers it (IAM policies decide within the account), and the
 * drill readers of another account or stack may decrypt, only through S3 (in whichever region the key is).
 */
function keyPolicy(accountId: string, readers: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      accountAdministersKey(accountId),
      ...(readers.length > 0
        ? [
            {
              Sid: 'RestoreDrillReadersDecryptThroughS3',
              Effect: 'Allow',
              Principal: { AWS: readers },
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
            },
          ]
        : []),
    ],
  });
}

/**
 * A backup bucket's policy: refuse any request that is not TLS, whoever makes it; drill readers may list and
 * read. On the replica, `onlyWriter` is the replication role: nobody else may write or delete objects there,
 * so the copy survives a mistake or an intruder in the first region's credentials.
 */
function bucketPolicy(bucketArn: string, prefix: string, readers: string[], onlyWriter?: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...(onlyWriter
        ? [
            {
              Sid: 'OnlyReplicationWrites',
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
              Resource: `${bucketArn}/*`,
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': onlyWriter } },
            },
          ]
        : []),
      ...(readers.length > 0
        ? [
            {
              Sid: 'RestoreDrillReadersList',
              Effect: 'Allow',
              Principal: { AWS: readers },
              Action: 's3:ListBucket',
              Resource: bucketArn,
              Condition: { StringLike: { 's3:prefix': `${prefix}/*` } },
            },
            {
              Sid: 'RestoreDrillReadersGet',
              Effect: 'Allow',
              Principal: { AWS: readers },
              Action: 's3:GetObject',
              Resource: `${bucketArn}/${prefix}/*`,
            },
          ]
        : []),
    ],
  });
}

/**
 * What S3 replication needs, and nothing more: read the source's versions for replication and decrypt them
 * with the source key (through S3 in the source region, for objects of that bucket), write replicas into the
 * replica bucket encrypted with the replica key (through S3 in the replica region). Delete markers are not
 * replicated (see the rule), so no s3:ReplicateDelete.
 */
export function replicationPolicy(a: {
  sourceBucketArn: string;
  sourceKeyArn: string;
  sourceRegion: string;
  replicaBucketArn: string;
  replicaKeyArn: string;
  replicaRegion: string;
}) {
  // With S3 Bucket Keys the encryption context is the bucket's ARN, without them the object's.
  const contextOf = (bucketArn: string) => ({ 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] });
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: a.sourceBucketArn,
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${a.sourceBucketArn}/*`,
      },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: `${a.replicaBucketArn}/*` },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: a.sourceKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `s3.${a.sourceRegion}.amazonaws.com` },
          StringLike: contextOf(a.sourceBucketArn),
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: a.replicaKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `s3.${a.replicaRegion}.amazonaws.com` },
          StringLike: contextOf(a.replicaBucketArn),
        },
      },
    ],
  };
}

interface BackupBucketArgs {
  description: string;
  accountId: pulumi.Output<string>;
  readers: string[];
  prefix: string;
  retentionDays: number;
  /** Infrequent Access after 30 days (primary, long retention); the replica is written in its class instead. */
  transitionToIa: boolean;
  /** The replication role, on the replica: the only principal that may write objects. */
  onlyWriter?: pulumi.Output<string>;
}

/** A private, versioned, KMS-encrypted bucket (with its own key) that expires backups after the retention. */
class BackupBucket {
  readonly bucket: aws.s3.Bucket;
  readonly key: aws.kms.Key;
  readonly versioning: aws.s3.BucketVersioning;

  constructor(name: string, args: BackupBucketArgs, opts: pulumi.CustomResourceOptions) {
    this.key = new aws.kms.Key(
      name,
      {
        description: args.description,
        enableKeyRotation: true,
        policy: args.accountId.apply((id) => keyPolicy(id, args.readers)),
      },
      opts,
    );
    // Backups must outlive an accidental `pulumi destroy`: deleting this bucket takes a deliberate edit.
    this.bucket = new aws.s3.Bucket(name, { forceDestroy: false }, { ...opts, protect: true });
    const bucket = this.bucket.id;

    new aws.s3.BucketPublicAccessBlock(
      name,
      { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      opts,
    );
    new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } }, opts);
    this.versioning = new aws.s3.BucketVersioning(
      name,
      { bucket, versioningConfiguration: { status: 'Enabled' } },
      opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      opts,
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket,
        rules: [
          {
            id: 'expire-old-backups',
            status: 'Enabled',
            filter: {},
            transitions: args.transitionToIa ? [{ days: 30, storageClass: 'STANDARD_IA' }] : [],
            expiration: { days: args.retentionDays },
            // An overwritten or deleted backup stays recoverable for a week, then stops costing money.
            noncurrentVersionExpiration: { noncurrentDays: 7 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      opts,
    );
    new aws.s3.BucketPolicy(
      name,
      {
        bucket,
        policy: pulumi
          .all([this.bucket.arn, args.onlyWriter])
          .apply(([arn, writer]) => bucketPolicy(arn, args.prefix, args.readers, writer)),
      },
      opts,
    );
  }
}

/**
 * Where MongoDB backups go: a private, versioned, KMS-encrypted bucket and the role the backup job uses; with
 * `replica`, every backup is also replicated to a bucket of the same kind in a second region, with its own key.
 */
export class Backups extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  /** For the other stack's restore drill config (database.restoreDrill.source). */
  public readonly bucketArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;
  /** The copy in the second region (restore.sh --from-bucket ... --from-region ...), when configured. */
  public readonly replica?: {
    region: string;
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    keyArn: pulumi.Output<string>;
  };

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:backups:Backups', name, {}, opts);
    const parent = { parent: this };

    const readers = args.drillReaderRoleArns ?? [];
    // The account, from the OIDC provider's ARN (arn:aws:iam::<account>:oidc-provider/...), without a lookup.
    const accountId = pulumi.output(args.oidc.arn).apply(accountIdOf);
    const primary = new BackupBucket(
      name,
      {
        description: 'MongoDB backups',
        accountId,
        readers,
        prefix: args.prefix,
        retentionDays: args.retentionDays,
        // Infrequent Access bills 30 days minimum, so it only pays off for backups kept longer than that.
        transitionToIa: args.retentionDays > 60,
      },
      parent,
    );
    const { bucket, key } = primary;

    if (args.replica) {
      this.replica = this.replicate(name, args, primary, accountId, readers);
    }

    const role = new IrsaRole(
      `${name}-job`,
      {
        oidc: args.oidc,
        namespace: args.namespace,
        serviceAccount: args.serviceAccount,
        inlinePolicy: pulumi.all([bucket.arn, key.arn]).apply(([bucketArn, keyArn]) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              // Listing finds complete backups to restore; a failed backup's objects are deleted by the job.
              {
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: bucketArn,
                Condition: { StringLike: { 's3:prefix': `${args.prefix}/*` } },
              },
              {
                Effect: 'Allow',
                Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
                Resource: `${bucketArn}/${args.prefix}/*`,
              },
              { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn },
              // Restore drills read another stack's backups (restore.sh --from-bucket), under the same prefix;
              // the source may be that stack's replica in its second region (the key ARN names the region).
              ...(args.drillSource
                ? readStatements(args.drillSource.bucketArn, args.drillSource.kmsKeyArn, args.prefix)
                : []),
            ],
          }),
        ),
      },
      parent,
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
    this.roleArn = role.arn;
    this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn, replica: this.replica });
  }

  /** The replica bucket and key in the second region, the replication role, and the source's replication rule. */
  private replicate(
    name: string,
    args: BackupsArgs,
    primary: BackupBucket,
    accountId: pulumi.Output<string>,
    readers: string[],
  ) {
    const replicaRegion = args.replica!.region;
    const provider = regionalProvider(`${name}-replica`, replicaRegion, this);

    const role = new aws.iam.Role(
      `${name}-replication`,
      {
        description: `S3 replication of the MongoDB backups to ${replicaRegion}`,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
      { parent: this },
    );

    const replica = new BackupBucket(
      `${name}-replica`,
      {
        description: `MongoDB backups, replica of ${args.region}`,
        accountId,
        readers,
        prefix: args.prefix,
        retentionDays: args.retentionDays,
        transitionToIa: false,
        onlyWriter: role.arn,
      },
      { parent: this, provider },
    );

    const policy = new aws.iam.RolePolicy(
      `${name}-replication`,
      {
        role: role.name,
        policy: pulumi
          .all([primary.bucket.arn, primary.key.arn, replica.bucket.arn, replica.key.arn])
          .apply(([sourceBucketArn, sourceKeyArn, replicaBucketArn, replicaKeyArn]) =>
            JSON.stringify(
              replicationPolicy({
                sourceBucketArn,
                sourceKeyArn,
                sourceRegion: args.region,
                replicaBucketArn,
                replicaKeyArn,
                replicaRegion,
              }),
            ),
          ),
      },
      { parent: this },
    );

    const rtc = args.replica!.replicationTimeControl;
    new aws.s3.BucketReplicationConfig(
      name,
      {
        bucket: primary.bucket.id,
        role: role.arn,
        rules: [
          {
            id: REPLICATION_RULE_ID,
            status: 'Enabled',
            priority: 1,
            filter: { prefix: `${args.prefix}/` },
            // A delete in the first region (the job removing a failed backup, a mistake, an intruder) stays
            // there; the replica expires objects by its own lifecycle.
            deleteMarkerReplication: { status: 'Disabled' },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
            destination: {
              bucket: replica.bucket.arn,
              // Kept 30+ days, the copy is read only in a disaster or a drill: Infrequent Access is cheaper.
              storageClass: args.retentionDays >= 30 ? 'STANDARD_IA' : 'STANDARD',
              encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
              // Replication metrics (OperationsFailedReplication among them) feed the alarm below; with RTC they
              // also mark objects later than its 15 minutes.
              ...(rtc
                ? {
                    replicationTime: { status: 'Enabled', time: { minutes: 15 } },
                    metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
                  }
                : { metrics: { status: 'Enabled' } }),
            },
          },
        ],
      },
      // Replication needs versioning on both sides, and the role able to act when S3 first checks it.
      { parent: this, dependsOn: [primary.versioning, replica.versioning, policy] },
    );

    // A copy that silently stops is found only in a disaster; a single failed object is worth a page. In the
    // stack's region, where S3 reports the source bucket's replication metrics.
    const alertTopic = [args.alerting.topicArn];
    new aws.cloudwatch.MetricAlarm(
      `${name}-replication-failed`,
      {
        alarmDescription: pulumi.interpolate`Backups in ${primary.bucket.bucket} failed to replicate to ${replicaRegion} (rule ${REPLICATION_RULE_ID}). Runbook: ${args.alerting.runbookBaseUrl}/${REPLICATION_RUNBOOK}`,
        namespace: 'AWS/S3',
        metricName: 'OperationsFailedReplication',
        dimensions: {
          SourceBucket: primary.bucket.bucket,
          DestinationBucket: replica.bucket.bucket,
          RuleId: REPLICATION_RULE_ID,
        },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        // S3 reports the metric only while it has operations to count: no data is no failure.
        treatMissingData: 'notBreaching',
        alarmActions: alertTopic,
        okActions: alertTopic,
      },
      { parent: this },
    );

    return {
      region: replicaRegion,
      bucketName: replica.bucket.bucket,
      bucketArn: replica.bucket.arn,
      keyArn: replica.key.arn,
    };
  }
}
