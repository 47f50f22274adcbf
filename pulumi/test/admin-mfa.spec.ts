import { ADMIN_MFA_MAX_AGE_SECONDS, GITHUB_OIDC_HOST } from '../lib/trust';
import { ACCOUNT, type Json } from './helpers/mocks';
import { ofType, outputValue, single, type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

// Staging with the people named, as an operator sets them (docs/operations/bootstrap.md, step 9):
//   pulumi config set --path 'access.admins[0]' arn:aws:iam::<account>:user/alice
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ON_CALL = `arn:aws:iam::${ACCOUNT}:user/oncall/*`;
const DEVELOPERS = `arn:aws:iam::${ACCOUNT}:user/developers/*`;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'), (config) => {
    const access = config['ecommerce:access'] as Record<string, unknown>;
    Object.assign(access, { admins: [ALICE], operators: [ALICE, ON_CALL], developers: [DEVELOPERS] });
  });
});

const trustOf = (name: string) =>
  JSON.parse(String(single(run, 'aws:iam/role:Role', name).inputs.assumeRolePolicy)).Statement as Json[];
const roles = () => ofType(run, 'aws:iam/role:Role');
/** A role people assume: its trust names AWS principals (accounts, users, roles), not a service or an IdP. */
const isForPeople = (name: string) => trustOf(name).some((s) => s.Principal?.AWS !== undefined);
const HUMAN_ROLES = ['access-admin', 'access-operator', 'registry-pull'];

describe('roles people assume', () => {
  it('are exactly the admin, the operator and the developers’ pull role, with the names people type', () => {
    expect(
      roles()
        .map((r) => r.name)
        .filter(isForPeople)
        .sort(),
    ).toEqual([...HUMAN_ROLES].sort());
    expect(HUMAN_ROLES.map((name) => single(run, 'aws:iam/role:Role', name).inputs.name)).toEqual([
      'ecommerce-staging-admin',
      'ecommerce-staging-operator',
      'ecommerce-staging-ecr-pull',
    ]);
  });

  it.each(HUMAN_ROLES)('%s requires MFA in every statement of its trust policy', (name) => {
    for (const statement of trustOf(name)) {
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
      });
      expect(statement.Condition.Bool).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
    }
  });

  it('lets an admin session start only within the hour after the MFA sign-in, for an hour', () => {
    const [statement] = trustOf('access-admin');
    expect(statement.Condition.NumericLessThan).toEqual({
      'aws:MultiFactorAuthAge': String(ADMIN_MFA_MAX_AGE_SECONDS),
    });
    expect(ADMIN_MFA_MAX_AGE_SECONDS).toBeLessThanOrEqual(3600);
    expect(single(run, 'aws:iam/role:Role', 'access-admin').inputs.maxSessionDuration).toBe(3600);
  });

  it('trusts only the principals the config names for each role', () => {
    const principals = (name: string) => trustOf(name)[0].Condition.ArnLike['aws:PrincipalArn'];
    expect(principals('access-admin')).toEqual([ALICE]);
    expect(principals('access-operator')).toEqual([ALICE, ON_CALL]);
    expect(principals('registry-pull')).toEqual([DEVELOPERS]);
  });

  it('gives the admin AdministratorAccess and the operator ReadOnlyAccess, nothing else', () => {
    const attached = (name: string) =>
      ofType(run, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment')
        .filter((a) => a.name === name)
        .map((a) => a.inputs.policyArn);
    expect(attached('access-admin')).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(attached('access-operator')).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(ofType(run, 'aws:iam/rolePolicy:RolePolicy').map((p) => p.name)).not.toContain('access-operator');
  });

  it('maps the admin to cluster-admin and the operator to view only in EKS; developers get no cluster access', () => {
    const entries = ofType(run, 'aws:eks/accessEntry:AccessEntry');
    expect(entries.map((e) => [e.name, e.inputs.principalArn, e.inputs.clusterName])).toEqual([
      ['access-admin', `arn:aws:iam::${ACCOUNT}:role/access-admin`, 'ecommerce-staging'],
      ['access-operator', `arn:aws:iam::${ACCOUNT}:role/access-operator`, 'ecommerce-staging'],
    ]);
    const policies = ofType(run, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation');
    expect(policies.map((p) => [p.name, p.inputs.policyArn, p.inputs.accessScope])).toEqual([
      ['access-admin', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
      ['access-operator', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', { type: 'cluster' }],
    ]);
    // Created once the cluster exists.
    for (const entry of entries) expect(entry.dependencies).toContain('cluster');
  });

  it('exports the role ARNs people put in ~/.aws/config', async () => {
    expect(await outputValue(run.outputs.adminRoleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/access-admin`);
    expect(await outputValue(run.outputs.operatorRoleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/access-operator`);
    expect(await outputValue(run.outputs.ecrPullRoleArn)).toBe(`arn:aws:iam::${ACCOUNT}:role/registry-pull`);
  });
});

describe('machine roles', () => {
  it('CI’s OIDC push role trusts GitHub for this repository’s main branch, without an MFA condition', () => {
    const [statement, ...others] = trustOf('registry-push');
    expect(others).toEqual([]);
    expect(statement).toEqual({
      Sid: 'GitHubActionsOfThisRepository',
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB_OIDC_HOST}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: ['repo:shop-example/ecommerce:ref:refs/heads/main'] },
      },
    });
    expect(single(run, 'aws:iam/role:Role', 'registry-push').inputs.name).toBe('ecommerce-staging-ci-ecr-push');
  });

  it('no role assumed through an identity provider or by a service carries an MFA condition (it could never be met)', () => {
    const machines = roles().filter((r) => !isForPeople(r.name));
    expect(machines.length).toBeGreaterThan(5);
    for (const role of machines) expect(String(role.inputs.assumeRolePolicy)).not.toContain('MultiFactorAuth');
  });
});
