/**
 * The only thing notification-service may do in AWS: send mail through the stack's SES identity, from its own
 * sender address. Sending is the whole grant: no reading identities, no suppression lists, no other identity.
 */
export function mailSenderPolicy(a: { identityArn: string; fromAddress: string }) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SendAsTheShopOnly',
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: a.identityArn,
        Condition: { StringEquals: { 'ses:FromAddress': a.fromAddress } },
      },
    ],
  };
}

/** The bare address of a sender written `Name <address>` or `address` (what SES compares ses:FromAddress to). */
export function senderAddress(mailFrom: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailFrom);
  return (match ? match[1] : mailFrom).trim();
}
