import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNT, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';
import { REPO_ROOT } from './stack-config';

/** Prod as committed: backups replicated from eu-west-1 to eu-central-1 with Replication Time Control; its registry. */
export function describeBackupReplication(run: () => ProgramRun): void {
  const inputsOf = (type: string, name: string) => single(run(), type, name).inputs as Json;
  const statements = (policy: unknown) => (JSON.parse(String(policy)) as { Statement: Json[] }).Statement;
  const SOURCE_BUCKET = 'arn:aws:s3:::backups-bucket';
  const REPLICA_BUCKET = 'arn:aws:s3:::backups-replica-bucket';
  const SOURCE_KEY = `arn:aws:mock::${ACCOUNT}:backups`;
  const REPLICA_KEY = `arn:aws:mock::${ACCOUNT}:backups-replica`;
  const REPLICATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/backups-replication`;

  describe('backups replicated to a second region', () => {
    it('creates the replica through a provider of the second region, carrying the stack’s tags', () => {
      const provider = inputsOf('pulumi:providers:aws', 'backups-replica');
      expect(provider.region).toBe('eu-central-1');
      expect(JSON.parse(String(provider.defaultTags))).toEqual({
        tags: { Project: 'ecommerce', Stack: 'prod', ManagedBy: 'pulumi' },
      });
      const inReplicaRegion = run().resources.filter((r) => r.provider?.includes('::backups-replica::'));
      expect(inReplicaRegion.map((r) => r.type.split(':')[1]).sort()).toEqual([
        'kms/key',
        's3/bucket',
        's3/bucketLifecycleConfiguration',
        's3/bucketOwnershipControls',
        's3/bucketPolicy',
        's3/bucketPublicAccessBlock',
        's3/bucketServerSideEncryptionConfiguration',
        's3/bucketVersioning',
      ]);
    });

    it('keeps the copy private, versioned and encrypted with its own rotated key, for the same retention', () => {
      expect(inputsOf('aws:kms/key:Key', 'backups-replica').enableKeyRotation).toBe(true);
      for (const name of ['backups', 'backups-replica']) {
        expect(inputsOf('aws:s3/bucketVersioning:BucketVersioning', name).versioningConfiguration).toEqual({
          status: 'Enabled',
        });
      }
      expect(
        inputsOf(
          'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
          'backups-replica',
        ).rules[0].applyServerSideEncryptionByDefault,
      ).toEqual({ sseAlgorithm: 'aws:kms', kmsMasterKeyId: REPLICA_KEY });
      expect(inputsOf('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'backups-replica')).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const [rule] = inputsOf(
        'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
        'backups-replica',
      ).rules;
      expect(rule).toMatchObject({ status: 'Enabled', expiration: { days: 35 }, transitions: [] });
    });

    it('replicates the backup prefix, KMS-encrypted objects included, into the replica key, within 15 minutes (RTC)', () => {
      const config = single(run(), 'aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'backups');
      const [rule, ...others] = (config.inputs as Json).rules;
      expect(others).toEqual([]);
      expect(config.inputs.role).toBe(REPLICATION_ROLE);
      expect(rule).toMatchObject({
        status: 'Enabled',
        filter: { prefix: 'mongodb/' },
        deleteMarkerReplication: { status: 'Disabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: REPLICA_BUCKET,
          storageClass: 'STANDARD_IA',
          encryptionConfiguration: { replicaKmsKeyId: REPLICA_KEY },
          replicationTime: { status: 'Enabled', time: { minutes: 15 } },
          metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
        },
      });
      // Both buckets versioned and the role's policy in place before S3 accepts the rule.
      expect(config.dependencies).toEqual(
        expect.arrayContaining(['backups', 'backups-replica', 'backups-replication']),
      );
    });

    it('replicates as a role only S3 assumes, allowed exactly what replication needs', () => {
      expect(statements(inputsOf('aws:iam/role:Role', 'backups-replication').assumeRolePolicy)).toEqual([
        { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      const context = (bucket: string) => ({ 'kms:EncryptionContext:aws:s3:arn': [bucket, `${bucket}/*`] });
      expect(statements(inputsOf('aws:iam/rolePolicy:RolePolicy', 'backups-replication').policy)).toEqual([
        { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: SOURCE_BUCKET },
        {
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: `${SOURCE_BUCKET}/*`,
        },
        { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: `${REPLICA_BUCKET}/*` },
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: SOURCE_KEY,
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
            StringLike: context(SOURCE_BUCKET),
          },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: REPLICA_KEY,
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' },
            StringLike: context(REPLICA_BUCKET),
          },
        },
      ]);
    });

    it('lets nobody but the replication role write or delete objects in the replica, and only over TLS', () => {
      const [tls, onlyReplication, ...readers] = statements(
        inputsOf('aws:s3/bucketPolicy:BucketPolicy', 'backups-replica').policy,
      );
      expect(tls).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(onlyReplication).toEqual({
        Sid: 'OnlyReplicationWrites',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `${REPLICA_BUCKET}/*`,
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': REPLICATION_ROLE } },
      });
      // No drill readers in the committed config.
      expect(readers).toEqual([]);
    });

    it('names, in the failed-replication alarm, its runbook section as committed on main', () => {
      const description = String(
        inputsOf('aws:cloudwatch/metricAlarm:MetricAlarm', 'backups-replication-failed').alarmDescription,
      );
      expect(description).toContain('backups-bucket');
      expect(description).toContain('eu-central-1');
      const base = 'https://github.com/shop-example/ecommerce/blob/main/docs/operations/runbooks/';
      const url = description.match(/Runbook: (\S+)$/)?.[1] ?? '';
      expect(url.startsWith(base)).toBe(true);
      const [file, anchor] = url.slice(base.length).split('#');
      const markdown = readFileSync(path.join(REPO_ROOT, 'docs', 'operations', 'runbooks', file), 'utf8');
      // GitHub's anchors: lower case, punctuation dropped, spaces to dashes.
      const anchors = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
        heading
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
      expect(anchors).toContain(anchor);
    });

    it('exports where the copy is, for restore.sh --from-bucket/--from-region and another stack’s drill', async () => {
      expect(await outputValue(run().outputs.backupReplicaRegion)).toBe('eu-central-1');
      expect(await outputValue(run().outputs.backupReplicaBucket)).toBe('backups-replica-bucket');
      expect(await outputValue(run().outputs.backupReplicaBucketArn)).toBe(REPLICA_BUCKET);
      expect(await outputValue(run().outputs.backupReplicaKeyArn)).toBe(REPLICA_KEY);
    });
  });

  describe('prod’s registry', () => {
    it('has no push role: prod runs staging’s images, nothing uploads to ecommerce-prod/*', async () => {
      expect(ofType(run(), 'aws:iam/role:Role').map((r) => r.name)).not.toContain('registry-push');
      expect(await outputValue(run().outputs.ecrPushRoleArn)).toBeUndefined();
      for (const policy of ofType(run(), 'aws:ecr/repositoryPolicy:RepositoryPolicy')) {
        expect(statements(policy.inputs.policy).every((s) => s.Effect === 'Deny' && !s.Condition)).toBe(true);
      }
    });
  });
}
