import type * as pulumi from '@pulumi/pulumi';
import type { TracingSettings } from '../config/telemetry';
import { TRACING_NAMESPACE } from '../config/namespaces';

/** Release name, and through fullnameOverride the Service's: services reach `otel-collector.tracing:4318`. */
export const COLLECTOR_RELEASE = 'otel-collector';
export const COLLECTOR_SERVICE_ACCOUNT = 'otel-collector';
/** OTLP over HTTP is what libs/tracing exports with; gRPC is received too, for other clients. */
export const OTLP_HTTP_PORT = 4318;
export const OTLP_GRPC_PORT = 4317;
/** The contrib distribution: the core one has neither the awsxray exporter nor tail sampling. */
export const COLLECTOR_IMAGE = { repository: 'otel/opentelemetry-collector-contrib', tag: '0.153.0' } as const;
/** Span attributes libs/tracing sets, made X-Ray annotations (searchable as annotation.app_request_id, ...). */
export const INDEXED_ATTRIBUTES = ['app.request_id', 'app.order_id'];
/** Labels the chart puts on the collector's pods; the NetworkPolicies select them. */
export const COLLECTOR_POD_LABELS = {
  'app.kubernetes.io/name': 'opentelemetry-collector',
  'app.kubernetes.io/instance': COLLECTOR_RELEASE,
};

/** What a service sets OTEL_EXPORTER_OTLP_ENDPOINT to (libs/tracing appends /v1/traces). */
export const COLLECTOR_OTLP_ENDPOINT = `http://${COLLECTOR_RELEASE}.${TRACING_NAMESPACE}:${OTLP_HTTP_PORT}`;

/**
 * Tail sampling, policies OR-ed: a trace with an error or slower than the threshold is always kept, the rest
 * by a hash of the trace id (so every span of a trace gets the same answer, like parent-based head sampling).
 * The decision waits for the trace's spans, hence one collector replica: spans of one trace must meet there.
 */
export function samplingPolicies(tracing: TracingSettings) {
  return [
    { name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
    { name: 'keep-slow', type: 'latency', latency: { threshold_ms: tracing.keepSlowerThanMs } },
    {
      name: 'keep-share',
      type: 'probabilistic',
      probabilistic: { sampling_percentage: tracing.samplingPercent },
    },
  ];
}

export interface CollectorValuesArgs {
  tracing: TracingSettings;
  region: string;
  /** IRSA role allowed to write to X-Ray only. */
  roleArn: pulumi.Input<string>;
  /** The services' log groups: X-Ray links a trace to them (its Logs tab). */
  logGroupNames: pulumi.Input<string>[];
}

const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Values for the official opentelemetry-collector chart: OTLP in, tail sampling, X-Ray out, nothing else. */
export function collectorValues(a: CollectorValuesArgs) {
  return {
    mode: 'deployment',
    fullnameOverride: COLLECTOR_RELEASE,
    replicaCount: 1,
    image: { ...COLLECTOR_IMAGE, pullPolicy: 'IfNotPresent' },
    command: { name: 'otelcol-contrib' },
    serviceAccount: {
      create: true,
      name: COLLECTOR_SERVICE_ACCOUNT,
      annotations: { 'eks.amazonaws.com/role-arn': a.roleArn },
    },
    // Only OTLP: the chart's Jaeger and Zipkin ports would be open doors nobody uses.
    ports: {
      otlp: { enabled: true },
      'otlp-http': { enabled: true },
      'jaeger-compact': { enabled: false },
      'jaeger-thrift': { enabled: false },
      'jaeger-grpc': { enabled: false },
      zipkin: { enabled: false },
    },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: RESTRICTED_CONTAINER,
    config: {
      // null removes the chart's default receivers and pipelines (Helm's coalescing).
      receivers: {
        jaeger: null,
        zipkin: null,
        prometheus: null,
        otlp: {
          protocols: {
            grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` },
            http: { endpoint: `\${env:MY_POD_IP}:${OTLP_HTTP_PORT}` },
          },
        },
      },
      processors: {
        memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
        tail_sampling: {
          decision_wait: '10s',
          num_traces: 50000,
          expected_new_traces_per_sec: 50,
          policies: samplingPolicies(a.tracing),
        },
        batch: { timeout: '5s', send_batch_size: 256 },
      },
      exporters: {
        debug: null,
        awsxray: {
          region: a.region,
          // No EC2 metadata lookups: the NetworkPolicy allows HTTPS out only, and IRSA gives the credentials.
          local_mode: true,
          indexed_attributes: INDEXED_ATTRIBUTES,
          aws_log_groups: a.logGroupNames,
        },
      },
      service: {
        pipelines: {
          traces: {
            receivers: ['otlp'],
            processors: ['memory_limiter', 'tail_sampling', 'batch'],
            exporters: ['awsxray'],
          },
          metrics: null,
          logs: null,
        },
      },
    },
  };
}
