/**
 * Who may assume the roles this program creates for people and for CI. People sign in with MFA; CI comes
 * through GitHub's OIDC provider, bound to this repository and to the refs or environments allowed to act.
 */

/** How long after the MFA sign-in an admin session may still be started (the admin role's own session is 1 h). */
export const ADMIN_MFA_MAX_AGE_SECONDS = 3600;

/** GitHub Actions' OIDC issuer; its IAM provider is created once per account (docs/operations/bootstrap.md). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The account, from any IAM ARN of it (arn:aws:iam::<account>:...), so no provider call is needed. */
export function accountIdOf(arn: string): string {
  return arn.split(':')[4];
}

export interface HumanTrustOptions {
  /**
   * IAM principals (users or roles of this account; `*` allowed in the name) who may assume the role. Empty:
   * any principal of the account whose own IAM policy allows sts:AssumeRole on this role (an IAM group's policy).
   */
  principals: string[];
  /** Also refuse a session started longer than this after the MFA sign-in (aws:MultiFactorAuthAge). */
  maxMfaAgeSeconds?: number;
}

/**
 * Trust policy of a role people assume: only from this account, and only in a session signed in with MFA.
 * `aws:MultiFactorAuthPresent` is absent from requests signed with long-term access keys alone, so `Bool: true`
 * refuses those as well as sessions without MFA.
 */
export function humanTrustPolicy(accountId: string, options: HumanTrustOptions) {
  const condition: Record<string, Record<string, unknown>> = {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
  };
  if (options.maxMfaAgeSeconds !== undefined) {
    condition.NumericLessThan = { 'aws:MultiFactorAuthAge': String(options.maxMfaAgeSeconds) };
  }
  if (options.principals.length > 0) condition.ArnLike = { 'aws:PrincipalArn': options.principals };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PeopleOfThisAccountWithMfa',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: condition,
      },
    ],
  };
}

/**
 * Trust policy of a role GitHub Actions assumes through OIDC (a machine role). No MFA condition: a web-identity
 * session never carries MFA, so the condition would lock CI out; what binds the role instead is the token's
 * audience and its subject (this repository, and only the refs or environments listed).
 */
export function githubOidcTrustPolicy(accountId: string, subjects: string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActionsOfThisRepository',
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
          StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects },
        },
      },
    ],
  };
}
