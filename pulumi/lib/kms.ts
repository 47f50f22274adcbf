/**
 * The first statement of every key policy this program writes: the account administers the key, so IAM policies
 * decide who in the account may use it (without it, only the key policy could, and a mistake there locks the key).
 */
export function accountAdministersKey(accountId: string) {
  return {
    Sid: 'AccountAdministers',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}
