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
}

/** Bucket policy refusing any request that is not TLS, whoever makes it. */
function tlsOnlyPolicy(bucketArn: string): string {
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
    ],
  });
}

/** Where MongoDB backups go: a private, versioned, KMS-encrypted bucket and the role the backup job uses. */
export class Backups extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:backups:Backups', name, {}, opts);
    const parent = { parent: this };

    const key = new aws.kms.Key(name, { description: 'MongoDB backups', enableKeyRotation: true }, parent);
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
    new aws.s3.BucketPolicy(name, { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyPolicy) }, parent);

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
            ],
          }),
        ),
      },
      parent,
    );

    this.bucketName = bucket.bucket;
    this.roleArn = role.arn;
    this.registerOutputs({ bucketName: this.bucketName, roleArn: this.roleArn });
  }
}
