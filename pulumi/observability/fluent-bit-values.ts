import type * as pulumi from '@pulumi/pulumi';
import { APP_NAMESPACE } from '../config/namespaces';

export const FLUENT_BIT_RELEASE = 'fluent-bit';
export const FLUENT_BIT_SERVICE_ACCOUNT = 'fluent-bit';
/** Labels the chart puts on the DaemonSet's pods; the NetworkPolicy selects them. */
export const FLUENT_BIT_POD_LABELS = {
  'app.kubernetes.io/name': 'fluent-bit',
  'app.kubernetes.io/instance': FLUENT_BIT_RELEASE,
};
/** Where the tail input remembers how far it read each file, on the node, so a restart neither skips nor repeats. */
const STATE_DIR = '/var/fluent-bit/state';

/** `/ecommerce/<stack>/<service>`: one log group per service, created (with its retention) by Pulumi. */
export function serviceLogGroupName(stack: string, service: string): string {
  return `/ecommerce/${stack}/${service}`;
}

/** Where a line goes whose pod label cannot be read; the output plugin needs a fixed group besides the template. */
export function fallbackLogGroupName(stack: string): string {
  return `/ecommerce/${stack}/unrouted`;
}

export interface FluentBitValuesArgs {
  stack: string;
  region: string;
  services: readonly string[];
  /** IRSA role allowed to write to the stack's log groups only. */
  roleArn: pulumi.Input<string>;
}

/** Classic-mode config: the app namespace's container logs, pino's JSON as fields, one group per service. */
export function fluentBitConfig(a: Omit<FluentBitValuesArgs, 'roleArn'>) {
  const serviceLabel = "$kubernetes['labels']['app.kubernetes.io/name']";
  return {
    service: [
      '[SERVICE]',
      '    Daemon Off',
      '    Flush 5',
      '    Log_Level info',
      '    Parsers_File /fluent-bit/etc/parsers.conf',
      '    HTTP_Server On',
      '    HTTP_Listen 0.0.0.0',
      '    HTTP_Port 2020',
      '    Health_Check On',
      '',
    ].join('\n'),
    // Only the services' namespace (file names are <pod>_<namespace>_<container>-<id>.log): nothing else is shipped.
    inputs: [
      '[INPUT]',
      '    Name tail',
      `    Path /var/log/containers/*_${APP_NAMESPACE}_*.log`,
      '    multiline.parser cri',
      '    Tag kube.*',
      `    DB ${STATE_DIR}/tail.db`,
      '    Mem_Buf_Limit 16MB',
      '    Skip_Long_Lines On',
      '    Refresh_Interval 10',
      '',
    ].join('\n'),
    filters: [
      // Merge_Log parses each pino line, so msg, level, requestId, userId, orderId, trace_id become fields.
      '[FILTER]',
      '    Name kubernetes',
      '    Match kube.*',
      '    Merge_Log On',
      '    Keep_Log Off',
      '    Labels On',
      '    Annotations Off',
      '    K8S-Logging.Exclude Off',
      '',
      // Only the services' own pods (not helm test pods): each has a log group of its own.
      '[FILTER]',
      '    Name grep',
      '    Match kube.*',
      `    Regex ${serviceLabel} ^(${a.services.join('|')})$`,
      '',
    ].join('\n'),
    outputs: [
      '[OUTPUT]',
      '    Name cloudwatch_logs',
      '    Match kube.*',
      `    region ${a.region}`,
      `    log_group_name ${fallbackLogGroupName(a.stack)}`,
      `    log_group_template /ecommerce/${a.stack}/${serviceLabel}`,
      '    log_stream_prefix pod-',
      "    log_stream_template $kubernetes['pod_name']",
      // Pulumi owns the groups and their retention: the role may not create groups or change retention.
      '    auto_create_group false',
      '    Retry_Limit 5',
      '',
    ].join('\n'),
  };
}

/** Values for the official fluent-bit chart: a DaemonSet reading node log files, writing to CloudWatch Logs. */
export function fluentBitValues(a: FluentBitValuesArgs) {
  return {
    kind: 'DaemonSet',
    fullnameOverride: FLUENT_BIT_RELEASE,
    image: { pullPolicy: 'IfNotPresent' },
    serviceAccount: {
      create: true,
      name: FLUENT_BIT_SERVICE_ACCOUNT,
      annotations: { 'eks.amazonaws.com/role-arn': a.roleArn },
    },
    // The chart's test pod pulls busybox:latest and calls the pods: nothing this cluster needs.
    testFramework: { enabled: false },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    // Root (the log files are root's, mode 0640) but nothing more: no capabilities, no writes outside the state dir.
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    config: fluentBitConfig(a),
    daemonSetVolumes: [
      { name: 'varlog', hostPath: { path: '/var/log' } },
      { name: 'state', hostPath: { path: STATE_DIR, type: 'DirectoryOrCreate' } },
    ],
    daemonSetVolumeMounts: [
      { name: 'varlog', mountPath: '/var/log', readOnly: true },
      { name: 'state', mountPath: STATE_DIR },
    ],
  };
}
