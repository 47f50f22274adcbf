import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { mailSenderPolicy, senderAddress } from '../mail/sender-policy';

export interface MailArgs {
  /** Domain the shop mails from (`ecommerce:notifications.mailDomain`), verified in SES with DKIM. */
  domain: string;
  /** Route 53 zone holding that domain, where the DKIM records go. */
  hostedZoneId: string;
  /** Sender of every mail, on that domain (`Shop <orders@mail.shop.example.com>`). */
  mailFrom: string;
  /** The cluster's OIDC provider, for the sender's IRSA role. */
  oidc: OidcProvider;
  /** Namespace and ServiceAccount of the one workload allowed to send. */
  namespace: string;
  serviceAccount: string;
}

/** Easy DKIM always publishes three keys, so their records can be declared before SES has named them. */
const DKIM_RECORDS = 3;

/**
 * Mail to shoppers through Amazon SES: the stack's mail domain as an SES identity signed with Easy DKIM (2048-bit
 * keys, records in Route 53 so verification needs no manual step), and an IRSA role that lets notification-service
 * send from its one address through that identity and do nothing else. No access keys exist anywhere.
 */
export class Mail extends pulumi.ComponentResource {
  /** Role notification-service's ServiceAccount carries (eks.amazonaws.com/role-arn). */
  public readonly senderRoleArn: pulumi.Output<string>;
  public readonly identityArn: pulumi.Output<string>;

  constructor(name: string, args: MailArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:mail:Mail', name, {}, opts);
    const parent = { parent: this };

    const identity = new aws.sesv2.EmailIdentity(
      name,
      { emailIdentity: args.domain, dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' } },
      parent,
    );
    for (let i = 0; i < DKIM_RECORDS; i++) {
      const token = identity.dkimSigningAttributes.apply((dkim) => dkim?.tokens?.[i] ?? '');
      new aws.route53.Record(
        `${name}-dkim-${i}`,
        {
          zoneId: args.hostedZoneId,
          name: pulumi.interpolate`${token}._domainkey.${args.domain}`,
          type: 'CNAME',
          ttl: 1800,
          records: [pulumi.interpolate`${token}.dkim.amazonses.com`],
        },
        parent,
      );
    }

    const sender = new IrsaRole(
      `${name}-sender`,
      {
        oidc: args.oidc,
        namespace: args.namespace,
        serviceAccount: args.serviceAccount,
        inlinePolicy: identity.arn.apply((identityArn) =>
          JSON.stringify(mailSenderPolicy({ identityArn, fromAddress: senderAddress(args.mailFrom) })),
        ),
      },
      parent,
    );

    this.senderRoleArn = sender.arn;
    this.identityArn = identity.arn;
    this.registerOutputs({ senderRoleArn: this.senderRoleArn, identityArn: this.identityArn });
  }
}
