import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { IrsaRole, type OidcProvider } from '../lib/irsa';

export interface BackupsArgs {
  /** The cluster's OIDC provider, to trust the backup job's service account. */
  oidc: OidcProvider;
  /** Namespace the backup CronJob runs in. */
  namespace: string;
  /** Service account of the backup CronJob; the only identity allowed to use the role. */
  serviceAccount: string;
  /** Days a backup is kept before it expires. */
  retentionDays: number;
  /** Key prefix the backup job writes under; its role can touch nothing else. */
  prefix: string;
  /** Restore drill, reading side: another stack's backups this stack's job may read (never write). */
  drillSource?: { bucketArn: string; kmsKeyArn: string };
  /** Restore drill, source side: roles (another stack's backup job) allowed to read these backups. */
  drillReaderRoleArns?: string[];
}

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
 * The backup key's policy: the account administers it (IAM policies decide within the account), and the
 * drill readers of another account or stack may decrypt, only through S3.
 */
function keyPolicy(accountId: string, readers: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
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

/** Bucket policy refusing any request that is not TLS, whoever makes it; drill readers may list and read. */
function bucketPolicy(bucketArn: string, prefix: string, readers: string[]): string {
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

/** Where MongoDB backups go: a private, versioned, KMS-encrypted bucket and the role the backup job uses. */
export class Backups extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  /** For the other stack's restore drill config (database.restoreDrill.source). */
  public readonly bucketArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:backups:Backups', name, {}, opts);
    const parent = { parent: this };

    const readers = args.drillReaderRoleArns ?? [];
    // The account, from the OIDC provider's ARN (arn:aws:iam::<account>:oidc-provider/...), without a lookup.
    const accountId = pulumi.output(args.oidc.arn).apply((arn) => arn.split(':')[4]);
    const key = new aws.kms.Key(
      name,
      {
        description: 'MongoDB backups',
        enableKeyRotation: true,
        policy: accountId.apply((id) => keyPolicy(id, readers)),
      },
      parent,
    );
    // Backups must outlive an accidental `pulumi destroy`: deleting this bucket takes a deliberate edit.
    const bucket = new aws.s3.Bucket(name, { forceDestroy: false }, { parent: this, protect: true });

    new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      name,
      { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
      parent,
    );
    new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'expire-old-backups',
            status: 'Enabled',
            filter: {},
            // Infrequent Access bills 30 days minimum, so it only pays off for backups kept longer than that.
            transitions: args.retentionDays > 60 ? [{ days: 30, storageClass: 'STANDARD_IA' }] : [],
            expiration: { days: args.retentionDays },
            // An overwritten or deleted backup stays recoverable for a week, then stops costing money.
            noncurrentVersionExpiration: { noncurrentDays: 7 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketPolicy(
      name,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => bucketPolicy(arn, args.prefix, readers)) },
      parent,
    );

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
              // Restore drills read another stack's backups (restore.sh --from-bucket), under the same prefix.
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
    this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn });
  }
}
