import { PULL_ACTIONS, PUSH_ACTIONS, repositoryPolicy } from '../../components/registry';
import { SERVICE_NAMES } from '../../config/services';
import { ACCOUNT, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';

/** Staging as committed: CI pushes from main, CD's prod deploy role tags the images it promotes. */
export function describeRegistryAccess(run: () => ProgramRun): void {
  const policyOf = (type: string, name: string) => JSON.parse(String(single(run(), type, name).inputs.policy)) as Json;
  const REPOSITORY_ARNS = SERVICE_NAMES.map((s) => `arn:aws:mock::${ACCOUNT}:registry-${s}`);
  const PUSH_ROLE = `arn:aws:iam::${ACCOUNT}:role/registry-push`;
  const UPLOADS = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

  describe('team access to ECR: developers pull', () => {
    it('lets the pull role read this stack’s repositories only, and never write', () => {
      const statements = policyOf('aws:iam/rolePolicy:RolePolicy', 'registry-pull').Statement;
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Effect: 'Allow', Action: PULL_ACTIONS, Resource: REPOSITORY_ARNS },
      ]);
      expect([...PULL_ACTIONS].sort()).toEqual([
        'ecr:BatchGetImage',
        'ecr:DescribeImages',
        'ecr:GetDownloadUrlForLayer',
      ]);
    });

    it('is assumed by people of the account with MFA only', () => {
      const trust = JSON.parse(String(single(run(), 'aws:iam/role:Role', 'registry-pull').inputs.assumeRolePolicy));
      expect(trust.Statement).toEqual([
        expect.objectContaining({
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      ]);
    });
  });

  describe('team access to ECR: only CI pushes', () => {
    it('gives CI’s push role what docker push and cosign need, on this stack’s repositories only', () => {
      const statements = policyOf('aws:iam/rolePolicy:RolePolicy', 'registry-push').Statement;
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Effect: 'Allow', Action: PUSH_ACTIONS, Resource: REPOSITORY_ARNS },
      ]);
      expect(PUSH_ACTIONS).toEqual(expect.arrayContaining([...UPLOADS, 'ecr:PutImage', 'ecr:BatchGetImage']));
    });

    it('has every repository refuse uploads by anyone but CI, and tags by anyone but CI and the prod deploy role', () => {
      const policies = ofType(run(), 'aws:ecr/repositoryPolicy:RepositoryPolicy');
      expect(policies.map((p) => p.inputs.repository)).toEqual(SERVICE_NAMES.map((s) => `ecommerce-staging/${s}`));
      for (const policy of policies) {
        expect(JSON.parse(String(policy.inputs.policy)).Statement).toEqual([
          {
            Sid: 'OnlyCiUploadsImages',
            Effect: 'Deny',
            Principal: '*',
            Action: UPLOADS,
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': [PUSH_ROLE] } },
          },
          {
            Sid: 'OnlyCiAndReleaseRolesTagImages',
            Effect: 'Deny',
            Principal: '*',
            Action: 'ecr:PutImage',
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': [PUSH_ROLE, `arn:aws:iam::${ACCOUNT}:role/ecommerce-deploy-prod`] },
            },
          },
        ]);
      }
    });

    it('exports the push role for the repository variable AWS_ECR_PUSH_ROLE_ARN', async () => {
      expect(await outputValue(run().outputs.ecrPushRoleArn)).toBe(PUSH_ROLE);
    });
  });

  describe('a registry nothing pushes to (prod runs staging’s images)', () => {
    it('refuses every upload and every tag, whoever asks', () => {
      expect(repositoryPolicy(undefined, []).Statement).toEqual([
        { Sid: 'OnlyCiUploadsImages', Effect: 'Deny', Principal: '*', Action: UPLOADS },
        { Sid: 'OnlyCiAndReleaseRolesTagImages', Effect: 'Deny', Principal: '*', Action: 'ecr:PutImage' },
      ]);
    });
  });
}
