import { APP_NAMESPACE, TRACING_NAMESPACE } from '../config/namespaces';
import { COLLECTOR_POD_LABELS, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from './collector-values';
import { FLUENT_BIT_POD_LABELS } from './fluent-bit-values';

/** What the collector does in X-Ray: send segments and telemetry, read the sampling rules. Nothing to read traces. */
export const XRAY_WRITE_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

/** What Fluent Bit does in CloudWatch Logs: open a stream in an existing group and write to it. */
export const LOGS_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

export function xrayWriterPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    // X-Ray's actions have no resource-level permissions: "*" is the only resource they accept.
    Statement: [{ Sid: 'SendTracesOnly', Effect: 'Allow', Action: XRAY_WRITE_ACTIONS, Resource: '*' }],
  });
}

/** Streams are sub-resources of their group: `<group arn>:*` covers them, the bare ARN covers DescribeLogStreams. */
export function logWriterPolicy(logGroupArns: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WriteTheServiceLogGroupsOnly',
        Effect: 'Allow',
        Action: LOGS_WRITE_ACTIONS,
        Resource: logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
      },
    ],
  });
}

const inNamespace = (namespace: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });
const DNS_EGRESS = {
  to: [{ namespaceSelector: inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};
/** AWS APIs (X-Ray, CloudWatch Logs, STS for IRSA) and the Kubernetes API have no fixed address range: HTTPS only. */
const HTTPS_EGRESS = { ports: [{ port: 443, protocol: 'TCP' }] };

/** The services' egress rule (networkPolicy.extraEgress): OTLP/HTTP to the collector's pods, nothing else there. */
export const COLLECTOR_EGRESS = {
  to: [{ namespaceSelector: inNamespace(TRACING_NAMESPACE), podSelector: { matchLabels: COLLECTOR_POD_LABELS } }],
  ports: [{ port: OTLP_HTTP_PORT, protocol: 'TCP' }],
};

/** The collector takes OTLP from the services' namespace only, and talks to DNS and HTTPS only. */
export function collectorNetworkPolicySpec() {
  return {
    podSelector: { matchLabels: COLLECTOR_POD_LABELS },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ namespaceSelector: inNamespace(APP_NAMESPACE) }],
        ports: [
          { port: OTLP_GRPC_PORT, protocol: 'TCP' },
          { port: OTLP_HTTP_PORT, protocol: 'TCP' },
        ],
      },
    ],
    egress: [DNS_EGRESS, HTTPS_EGRESS],
  };
}

/** Fluent Bit takes no connections; it reads files and calls CloudWatch Logs, STS and the Kubernetes API. */
export function fluentBitNetworkPolicySpec() {
  return {
    podSelector: { matchLabels: FLUENT_BIT_POD_LABELS },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [DNS_EGRESS, HTTPS_EGRESS],
  };
}
