import { parseStackSettings } from '../config/settings';
import type { Json } from './helpers/mocks';
import { stackEcommerceConfig } from './helpers/stack-config';

const stagingConfig = (): Json => stackEcommerceConfig('staging');

const parse = (raw: Json) => () => parseStackSettings('staging', 'eu-west-1', raw);
const withAccess = (access: Json) => ({
  ...stagingConfig(),
  access: { ...stagingConfig().access, ...access },
});
const withDatabase = (database: Json) => ({
  ...stagingConfig(),
  database: { ...stagingConfig().database, ...database },
});

describe('access settings', () => {
  it('reads the committed stacks: CI pushes to staging from main, nothing pushes to prod', () => {
    const staging = parseStackSettings('staging', 'eu-west-1', stagingConfig()).access;
    const prod = parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod')).access;
    expect(staging).toEqual({
      admins: [],
      operators: [],
      developers: [],
      ecrPushSubjects: ['repo:shop-example/ecommerce:ref:refs/heads/main'],
      ecrTaggerRoles: ['ecommerce-deploy-prod'],
    });
    expect(prod).toMatchObject({ ecrPushSubjects: [], ecrTaggerRoles: [] });
  });

  it('defaults to pushes from main of the runner’s repository when the key is left out', () => {
    const { access, ...raw } = stagingConfig();
    expect(access).toBeDefined();
    expect(parseStackSettings('staging', 'eu-west-1', raw).access).toEqual({
      admins: [],
      operators: [],
      developers: [],
      ecrPushSubjects: ['repo:shop-example/ecommerce:ref:refs/heads/main'],
      ecrTaggerRoles: [],
    });
  });

  it('accepts a branch, a tag pattern or an environment of this repository to push from', () => {
    const subjects = [
      'repo:shop-example/ecommerce:ref:refs/heads/main',
      'repo:shop-example/ecommerce:ref:refs/tags/v*',
      'repo:shop-example/ecommerce:environment:production',
    ];
    expect(parse(withAccess({ ecrPushSubjects: subjects }))().access.ecrPushSubjects).toEqual(subjects);
  });

  it.each([
    ['pull requests (code from forks)', 'repo:shop-example/ecommerce:pull_request'],
    ['any ref of the repository', 'repo:shop-example/ecommerce:*'],
    ['another repository', 'repo:someone-else/ecommerce:ref:refs/heads/main'],
    ['a repository name prefix', 'repo:shop-example/ecommerce-fork:ref:refs/heads/main'],
    ['a wildcard branch root', 'repo:shop-example/ecommerce:ref:refs/heads/*'],
  ])('refuses pushes from %s', (_case, subject) => {
    expect(parse(withAccess({ ecrPushSubjects: [subject] }))).toThrow(
      /access\.ecrPushSubjects: .*expected repo:shop-example\/ecommerce:ref:refs\/heads/,
    );
  });

  it('accepts IAM users and roles of an account (with * in the name) as people, nothing else', () => {
    const people = ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:user/oncall/*'];
    expect(parse(withAccess({ admins: people }))().access.admins).toEqual(people);
    expect(parse(withAccess({ operators: ['arn:aws:iam::123456789012:group/ops'] }))).toThrow(/access\.operators/);
    expect(parse(withAccess({ developers: ['*'] }))).toThrow(/access\.developers/);
    expect(parse(withAccess({ ecrTaggerRoles: ['arn:aws:iam::123456789012:role/x'] }))).toThrow(
      /access\.ecrTaggerRoles/,
    );
  });
});

describe('backup replica settings', () => {
  it('reads the committed stacks: both copy to eu-central-1, prod with Replication Time Control', () => {
    expect(parseStackSettings('staging', 'eu-west-1', stagingConfig()).database.backupReplica).toEqual({
      region: 'eu-central-1',
      replicationTimeControl: false,
    });
    expect(parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod')).database.backupReplica).toEqual({
      region: 'eu-central-1',
      replicationTimeControl: true,
    });
  });

  it('has no replica when backupReplicaRegion is left out', () => {
    const { backupReplicaRegion, ...database } = stagingConfig().database;
    expect(backupReplicaRegion).toBe('eu-central-1');
    const raw = { ...stagingConfig(), database };
    expect(parseStackSettings('staging', 'eu-west-1', raw).database.backupReplica).toBeUndefined();
  });

  it('refuses the stack’s own region and names that are not regions', () => {
    expect(parse(withDatabase({ backupReplicaRegion: 'eu-west-1' }))).toThrow(
      /database\.backupReplicaRegion: must differ from aws:region \(eu-west-1\)/,
    );
    expect(parse(withDatabase({ backupReplicaRegion: 'eu-central-1a' }))).toThrow(/database\.backupReplicaRegion/);
    expect(parse(withDatabase({ backupReplicationTimeControl: 'yes' }))).toThrow(
      /database\.backupReplicationTimeControl/,
    );
  });
});
