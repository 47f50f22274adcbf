import type { Json } from './helpers/mocks';
import { ACCOUNT } from './helpers/mocks';
import { single, type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

// Prod wired for the monthly restore drill in both directions, as docs/helm/mongodb-restore.md has operators
// set it: prod lets staging's backup job read its backups (and their copy in the second region), and (to show
// the reading side) reads another stack's copy in that stack's second region, as the drill does.
const STAGING_BACKUP_ROLE = `arn:aws:iam::${ACCOUNT}:role/staging-backups-job`;
const SOURCE = {
  bucketArn: 'arn:aws:s3:::other-stack-backups-replica',
  kmsKeyArn: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/0f0e0d0c-0000-4000-8000-000000000000`,
};

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', fixtureImages('prod'), (config) => {
    const database = config['ecommerce:database'] as Record<string, unknown>;
    database.restoreDrill = { source: SOURCE, readerRoleArns: [STAGING_BACKUP_ROLE] };
  });
});

const statements = (policy: unknown) => (JSON.parse(String(policy)) as { Statement: Json[] }).Statement;

describe('restore drill across stacks (restore.sh --from-bucket)', () => {
  it('lets the reading job list and get the other bucket’s backups and decrypt them, never write', () => {
    const policy = statements(single(run, 'aws:iam/rolePolicy:RolePolicy', 'backups-job').inputs.policy);
    const onSource = policy.filter(
      (s) => JSON.stringify(s.Resource).includes('other-stack-backups') || s.Resource === SOURCE.kmsKeyArn,
    );
    expect(onSource.map((s) => s.Action).sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
    expect(onSource.find((s) => s.Action === 's3:GetObject').Resource).toBe(
      'arn:aws:s3:::other-stack-backups-replica/mongodb/*',
    );
    // Across regions: the key in the second region, by its full ARN (S3 there decrypts with it).
    expect(onSource.find((s) => s.Action === 'kms:Decrypt').Resource).toBe(SOURCE.kmsKeyArn);
  });

  it('lets the other stack’s backup role read this bucket (list and get) and decrypt through S3 only', () => {
    const bucket = statements(single(run, 'aws:s3/bucketPolicy:BucketPolicy', 'backups').inputs.policy);
    const granted = bucket.filter((s) => s.Effect === 'Allow');
    expect(granted.map((s) => [s.Principal.AWS, s.Action])).toEqual([
      [[STAGING_BACKUP_ROLE], 's3:ListBucket'],
      [[STAGING_BACKUP_ROLE], 's3:GetObject'],
    ]);
    const key = statements(single(run, 'aws:kms/key:Key', 'backups').inputs.policy);
    expect(key.find((s) => s.Sid === 'RestoreDrillReadersDecryptThroughS3')).toMatchObject({
      Principal: { AWS: [STAGING_BACKUP_ROLE] },
      Action: 'kms:Decrypt',
      Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
    });
    expect(key.find((s) => s.Sid === 'AccountAdministers').Principal.AWS).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });
});

describe('restore drill from the second region (restore.sh --from-bucket <replica> --from-region <region>)', () => {
  it('grants the same readers list and get on the replica bucket, and decrypt through S3 with the replica key', () => {
    const bucket = statements(single(run, 'aws:s3/bucketPolicy:BucketPolicy', 'backups-replica').inputs.policy);
    expect(bucket.filter((s) => s.Effect === 'Allow').map((s) => [s.Principal.AWS, s.Action, s.Resource])).toEqual([
      [[STAGING_BACKUP_ROLE], 's3:ListBucket', 'arn:aws:s3:::backups-replica-bucket'],
      [[STAGING_BACKUP_ROLE], 's3:GetObject', 'arn:aws:s3:::backups-replica-bucket/mongodb/*'],
    ]);
    const key = statements(single(run, 'aws:kms/key:Key', 'backups-replica').inputs.policy);
    expect(key.find((s) => s.Sid === 'RestoreDrillReadersDecryptThroughS3')).toMatchObject({
      Principal: { AWS: [STAGING_BACKUP_ROLE] },
      Action: 'kms:Decrypt',
      Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
    });
  });

  it('still lets only replication write there: reading is all a drill reader may do', () => {
    const bucket = statements(single(run, 'aws:s3/bucketPolicy:BucketPolicy', 'backups-replica').inputs.policy);
    const granted = bucket.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
    expect(granted.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(bucket.find((s) => s.Sid === 'OnlyReplicationWrites')?.Effect).toBe('Deny');
  });
});
