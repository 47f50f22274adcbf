import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface EdgeArgs {
  /** Public host name of the API, e.g. `api.staging.shop.example.com`. */
  domain: string;
  /** Route 53 hosted zone that owns the domain; the certificate is validated through it. */
  hostedZoneId: string;
  /** ALB group name shared by the four services' Ingresses, so they share one load balancer. */
  ingressGroupName: string;
}

/**
 * TLS at the edge: an ACM certificate for the domain, validated by DNS and awaited (the certificate ARN
 * only resolves once ACM has issued it). The ALB itself is created by the Load Balancer Controller from
 * the services' Ingresses, all in one `group.name`.
 */
export class Edge extends pulumi.ComponentResource {
  public readonly certificateArn: pulumi.Output<string>;
  public readonly domain: string;
  public readonly ingressGroupName: string;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:edge:Edge', name, {}, opts);
    const certificate = new aws.acm.Certificate(
      name,
      { domainName: args.domain, validationMethod: 'DNS' },
      { parent: this },
    );
    // One domain means exactly one validation record.
    const validation = certificate.domainValidationOptions[0];
    const record = new aws.route53.Record(
      `${name}-validation`,
      {
        zoneId: args.hostedZoneId,
        name: validation.resourceRecordName,
        type: validation.resourceRecordType,
        records: [validation.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      { parent: this },
    );
    const issued = new aws.acm.CertificateValidation(
      name,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );

    this.certificateArn = issued.certificateArn;
    this.domain = args.domain;
    this.ingressGroupName = args.ingressGroupName;
    this.registerOutputs({ certificateArn: this.certificateArn, domain: this.domain });
  }
}
