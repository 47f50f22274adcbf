import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { regionalProvider } from '../lib/regional-provider';

export interface EdgeArgs {
  /** Public host name of the API, e.g. `api.staging.shop.example.com`. */
  domain: string;
  /** Route 53 hosted zone that owns the domain; the certificate is validated through it. */
  hostedZoneId: string;
  /** ALB group name shared by the four services' Ingresses, so they share one load balancer. */
  ingressGroupName: string;
  /** Also issue the certificate CloudFront serves the domain with, which must live in us-east-1. */
  cloudFrontCertificate: boolean;
}

/** CloudFront only takes certificates from ACM in us-east-1, whatever the stack's region. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * TLS at the edge: an ACM certificate for the domain, validated by DNS and awaited (the certificate ARN
 * only resolves once ACM has issued it). The ALB itself is created by the Load Balancer Controller from
 * the services' Ingresses, all in one `group.name`. With the CDN on, a second certificate for the same domain
 * in us-east-1 for CloudFront, validated by the same record: ACM's validation CNAME is per account and domain,
 * the same in every region.
 */
export class Edge extends pulumi.ComponentResource {
  public readonly certificateArn: pulumi.Output<string>;
  /** The us-east-1 certificate CloudFront serves the domain with; undefined without the CDN. */
  public readonly cloudFrontCertificateArn?: pulumi.Output<string>;
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

    if (args.cloudFrontCertificate) {
      const provider = regionalProvider(
        `${name}-${CLOUDFRONT_CERTIFICATE_REGION}`,
        CLOUDFRONT_CERTIFICATE_REGION,
        this,
      );
      const cloudFront = new aws.acm.Certificate(
        `${name}-cloudfront`,
        { domainName: args.domain, validationMethod: 'DNS' },
        { parent: this, provider },
      );
      this.cloudFrontCertificateArn = new aws.acm.CertificateValidation(
        `${name}-cloudfront`,
        { certificateArn: cloudFront.arn, validationRecordFqdns: [record.fqdn] },
        { parent: this, provider },
      ).certificateArn;
    }
    this.registerOutputs({
      certificateArn: this.certificateArn,
      cloudFrontCertificateArn: this.cloudFrontCertificateArn,
      domain: this.domain,
    });
  }
}
