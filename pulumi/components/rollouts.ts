import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RELEASE_DEFAULTS, THIRD_PARTY_CHARTS } from '../lib/charts';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { MONITORING_NAMESPACE } from '../config/namespaces';
import { namespaceWithPodSecurity } from '../lib/namespaces';

/** The controller's namespace; Pod Security "restricted" is enforced here. */
export const ROLLOUTS_NAMESPACE = 'argo-rollouts';
/** Release (and so ServiceAccount and pod label) name of the controller. */
export const ROLLOUTS_RELEASE = 'argo-rollouts';
/** Secret the controller's notification engine reads `$key` references from (a name the controller fixes). */
export const NOTIFICATION_SECRET = 'argo-rollouts-notification-secret';
/** Annotation the deploy job puts on a Rollout: the run that released it, linked from every notification. */
export const RUN_URL_ANNOTATION = 'ecommerce/run-url';

export interface RolloutsArgs {
  /** Stack name, written into every notification. */
  stack: string;
  /** AWS region: the SES SMTP endpoint, and the controller's target group checks. */
  region: string;
  /** The cluster's OIDC provider, for the controller's IRSA role. */
  oidc: OidcProvider;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Resource that completes once nodes can run pods. */
  nodesReady: pulumi.Resource;
  /**
   * Releases to install after: the Load Balancer Controller (its webhooks refuse objects until it runs) and
   * kube-prometheus-stack (the ServiceMonitor CRD, and the Prometheus every pre-promotion analysis reads).
   */
  after: pulumi.Resource[];
  /** The stack's SES identity (pulumi/components/mail.ts): the notification mails are sent through it. */
  mail: { identityArn: pulumi.Input<string>; domain: string };
  /** Slack bot token (secret, `ecommerce:releaseSlackToken`); undefined: no Slack service, mail only. */
  slackToken?: pulumi.Input<string>;
  /** Where a notification links when the Rollout names no run (`ecommerce/run-url`): the CD workflow's runs. */
  runsUrl: string;
}

/**
 * Argo Rollouts, the controller behind the services' blue-green releases (docs/decisions/0019-blue-green-releases.md):
 * the pinned chart with its CRDs in its own restricted namespace, two replicas, no dashboard, RBAC for the AWS Load
 * Balancer Controller provider only, and target group verification (an IRSA role that may only describe load
 * balancers) so the old version is scaled down only once the ALB sends to the new pods. Its notification engine
 * mails (SES SMTP, from releases@<mail domain>) and posts to Slack (when a token is configured) on every release
 * event a Rollout subscribes to, with the service, the image digest, the stack and the run.
 */
export class Rollouts extends pulumi.ComponentResource {
  /** The controller release; the service releases, whose charts render Rollouts, wait for it (CRDs, controller). */
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: RolloutsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:rollouts:Rollouts', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    const namespace = namespaceWithPodSecurity(
      name,
      { namespace: ROLLOUTS_NAMESPACE, podSecurity: 'restricted' },
      k8sOpts,
    );

    const controllerRole = new IrsaRole(
      `${name}-controller`,
      {
        oidc: args.oidc,
        namespace: ROLLOUTS_NAMESPACE,
        serviceAccount: ROLLOUTS_RELEASE,
        inlinePolicy: JSON.stringify(targetGroupReaderPolicy()),
      },
      { parent: this },
    );

    // SES's SMTP interface signs in with an IAM access key (its secret turned into the SMTP password), so this one
    // user exists for it, allowed to send through the stack's identity from the releases address and nothing else.
    const fromAddress = `releases@${args.mail.domain}`;
    const mailer = new aws.iam.User(`${name}-mailer`, { path: '/ecommerce/' }, { parent: this });
    new aws.iam.UserPolicy(
      `${name}-mailer`,
      {
        user: mailer.name,
        policy: pulumi
          .output(args.mail.identityArn)
          .apply((identityArn) => JSON.stringify(releaseMailPolicy(identityArn, fromAddress))),
      },
      { parent: this },
    );
    const smtpKey = new aws.iam.AccessKey(`${name}-mailer`, { user: mailer.name }, { parent: this });

    const secret = new k8s.core.v1.Secret(
      `${name}-notifications`,
      {
        metadata: {
          name: NOTIFICATION_SECRET,
          namespace: namespace.metadata.name,
          labels: { 'app.kubernetes.io/component': 'rollouts-controller' },
        },
        type: 'Opaque',
        stringData: pulumi.secret(
          pulumi
            .all([smtpKey.id, smtpKey.sesSmtpPasswordV4, args.slackToken])
            .apply(([username, password, slackToken]) => ({
              'email-username': username,
              'email-password': password,
              ...(slackToken ? { 'slack-token': slackToken } : {}),
            })),
        ),
      },
      k8sOpts,
    );

    const policy = new k8s.networking.v1.NetworkPolicy(
      `${name}-controller`,
      { metadata: { name: ROLLOUTS_RELEASE, namespace: namespace.metadata.name }, spec: controllerNetworkPolicySpec() },
      k8sOpts,
    );

    const chart = THIRD_PARTY_CHARTS.argoRollouts;
    this.release = new k8s.helm.v3.Release(
      `${name}-controller`,
      {
        ...RELEASE_DEFAULTS,
        name: ROLLOUTS_RELEASE,
        namespace: namespace.metadata.name,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repo },
        values: rolloutsValues({
          stack: args.stack,
          region: args.region,
          roleArn: controllerRole.arn,
          fromAddress,
          slack: args.slackToken !== undefined,
          runsUrl: args.runsUrl,
        }),
      },
      { ...k8sOpts, dependsOn: [args.nodesReady, secret, policy, ...args.after] },
    );
    this.registerOutputs({});
  }
}

/** What target group verification reads (Argo Rollouts' AWS Load Balancer Controller integration), and no more. */
export function targetGroupReaderPolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'VerifyTargetGroups',
        Effect: 'Allow',
        Action: [
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTags',
        ],
        Resource: '*',
      },
    ],
  };
}

/** The notification mailer's one grant: raw mail (SMTP) through the stack's identity, from the releases address. */
export function releaseMailPolicy(identityArn: string, fromAddress: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SendReleaseMailOnly',
        Effect: 'Allow',
        Action: 'ses:SendRawEmail',
        Resource: identityArn,
        Condition: { StringEquals: { 'ses:FromAddress': fromAddress } },
      },
    ],
  };
}

/**
 * In: Prometheus scraping the controller's metrics. Out: DNS; Prometheus, which every analysis queries; HTTPS to
 * anywhere (the Kubernetes API, Slack, the ELB API and STS, none with fixed addresses); SMTP submission to SES.
 */
export function controllerNetworkPolicySpec() {
  const dns = {
    to: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ],
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
  };
  return {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': ROLLOUTS_RELEASE } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }],
        ports: [{ port: 8090, protocol: 'TCP' }],
      },
    ],
    egress: [
      dns,
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 9090, protocol: 'TCP' }],
      },
      {
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 587, protocol: 'TCP' },
        ],
      },
    ],
  };
}

/** The release events the services' Rollouts subscribe to, and what each says. */
const EVENTS: Record<string, { title: string; color: string; text: string }> = {
  'on-rollout-updated': {
    title: 'release started',
    color: '#439FE0',
    text: 'the new version is coming up beside the running one; its analysis (smoke checks, error rate, p99) follows',
  },
  'on-rollout-step-completed': { title: 'release step completed', color: '#439FE0', text: 'a release step completed' },
  'on-rollout-paused': {
    title: 'waiting for promotion',
    color: '#ECB22E',
    text: 'the analysis passed; the new version waits beside the running one until it is promoted',
  },
  'on-rollout-completed': {
    title: 'promoted',
    color: '#2EB67D',
    text: 'the new version serves all traffic; the old one is scaled down',
  },
  'on-rollout-aborted': {
    title: 'aborted',
    color: '#E01E5A',
    text: 'the release was aborted: the previous version keeps serving, nothing to do to keep it so',
  },
  'on-analysis-run-failed': {
    title: 'analysis failed',
    color: '#E01E5A',
    text: 'the pre-promotion analysis failed: the release aborts and the previous version keeps serving',
  },
};

/** One template per event: message (and mail subject) with the service, image digest, stack and run link. */
function notificationTemplate(stack: string, runsUrl: string, event: { title: string; color: string; text: string }) {
  const service = '{{.rollout.metadata.name}}';
  const image = '{{(index .rollout.spec.template.spec.containers 0).image}}';
  const run = `{{or (index .rollout.metadata.annotations "${RUN_URL_ANNOTATION}") "${runsUrl}"}}`;
  const subject = `[${stack}] ${service}: ${event.title}`;
  const body = `${subject}\n${event.text}.\nService: ${service}\nImage: ${image}\nStack: ${stack}\nRun: ${run}\n`;
  const attachment = {
    title: subject,
    title_link: run,
    color: event.color,
    fields: [
      { title: 'Service', value: service, short: true },
      { title: 'Stack', value: stack, short: true },
      { title: 'Image', value: image, short: false },
    ],
  };
  return [
    `message: ${JSON.stringify(body)}`,
    `email:\n  subject: ${JSON.stringify(subject)}`,
    `slack:\n  attachments: ${JSON.stringify(JSON.stringify([attachment]))}`,
  ].join('\n');
}

export interface RolloutsValuesArgs {
  stack: string;
  region: string;
  /** IRSA role of the controller (target group verification). */
  roleArn: pulumi.Input<string>;
  /** Sender of the notification mails, on the SES identity's domain. */
  fromAddress: string;
  /** Whether the notification Secret holds a Slack token. */
  slack: boolean;
  runsUrl: string;
}

/** Values for the argo-rollouts chart: least privilege, the stacks' AWS integration, the notification engine. */
export function rolloutsValues(a: RolloutsValuesArgs) {
  const triggerName = (event: string) => `release-${event.replace(/^on-/, '')}`;
  return {
    installCRDs: true,
    // The services' Rollouts outlive an uninstall of the controller; deleting the CRDs would delete them.
    keepCRDs: true,
    // Not aggregated into the cluster's admin/edit/view roles: people act on Rollouts through their own roles.
    createClusterAggregateRoles: false,
    controller: {
      replicas: 2,
      pdb: { enabled: true, minAvailable: 1 },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      logging: { format: 'json' },
      // The old version is scaled down only once the ALB's target group holds the new pods (blue-green with
      // IP targets: docs/decisions/0019-blue-green-releases.md).
      awsVerifyTargetGroup: true,
      extraEnv: [{ name: 'AWS_REGION', value: a.region }],
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
    },
    serviceAccount: { create: true, name: ROLLOUTS_RELEASE, annotations: { 'eks.amazonaws.com/role-arn': a.roleArn } },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    dashboard: { enabled: false },
    // Traffic routing is the plain Services here; only the target group checks need a provider's RBAC.
    providerRBAC: {
      enabled: true,
      providers: {
        istio: false,
        smi: false,
        ambassador: false,
        awsLoadBalancerController: true,
        awsAppMesh: false,
        traefik: false,
        apisix: false,
        contour: false,
        glooPlatform: false,
        gatewayAPI: false,
      },
    },
    notifications: {
      configmap: { create: true },
      // Created by Pulumi (NOTIFICATION_SECRET): its values never pass through Helm.
      secret: { create: false },
      notifiers: {
        'service.email': [
          `host: email-smtp.${a.region}.amazonaws.com`,
          'port: 587',
          `from: ${a.fromAddress}`,
          'username: $email-username',
          'password: $email-password',
        ].join('\n'),
        ...(a.slack ? { 'service.slack': 'token: $slack-token' } : {}),
      },
      templates: Object.fromEntries(
        Object.entries(EVENTS).map(([event, text]) => [
          `template.${triggerName(event)}`,
          notificationTemplate(a.stack, a.runsUrl, text),
        ]),
      ),
      triggers: Object.fromEntries(
        Object.keys(EVENTS).map((event) => [`trigger.${event}`, `- send: [${triggerName(event)}]`]),
      ),
    },
  };
}
