import { SERVICE_NAMES } from '../../config/services';
import { committedConfig } from './infrastructure-expectations';
import type { Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';
import { RELEASE, releaseValues } from './workload-expectations';

const LOG_GROUP = 'aws:cloudwatch/logGroup:LogGroup';
const QUERY = 'aws:cloudwatch/queryDefinition:QueryDefinition';
const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';
const ENDPOINT = 'http://otel-collector.tracing:4318';

const groupName = (stack: string, service: string) => `/ecommerce/${stack}/${service}`;
const rolePolicy = (run: ProgramRun, name: string) =>
  JSON.parse(String(single(run, 'aws:iam/rolePolicy:RolePolicy', name).inputs.policy));
const attachedPolicies = (run: ProgramRun, role: string) =>
  ofType(run, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter((r) => r.name.startsWith(role));

/** Expectations both stacks must meet on traces (collector to X-Ray) and logs (Fluent Bit to CloudWatch Logs). */
export function describeTelemetry(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const tracing = config['ecommerce:tracing'];
  const retention = config['ecommerce:logging'].retentionDays;

  describe(`${stack}: traces (OpenTelemetry Collector to X-Ray)`, () => {
    const collector = () => single(run(), RELEASE, 'tracing-collector');
    const values = () => releaseValues(collector());

    it('installs the pinned official chart with the contrib image in its own restricted namespace', () => {
      expect(collector().inputs).toMatchObject({
        name: 'otel-collector',
        namespace: 'tracing',
        chart: 'opentelemetry-collector',
        repositoryOpts: { repo: 'https://open-telemetry.github.io/opentelemetry-helm-charts' },
      });
      expect(collector().inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(values()).toMatchObject({
        mode: 'deployment',
        fullnameOverride: 'otel-collector',
        replicaCount: 1,
        image: { repository: 'otel/opentelemetry-collector-contrib', tag: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
        command: { name: 'otelcol-contrib' },
      });
      const namespace = single(run(), 'kubernetes:core/v1:Namespace', 'tracing').inputs as Json;
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(values().securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    });

    it(`samples per stack: errors and traces over ${tracing.keepSlowerThanMs} ms always, ${tracing.samplingPercent} % of the rest`, () => {
      const processors = values().config.processors;
      expect(processors.tail_sampling.policies).toEqual([
        { name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
        { name: 'keep-slow', type: 'latency', latency: { threshold_ms: tracing.keepSlowerThanMs } },
        {
          name: 'keep-share',
          type: 'probabilistic',
          probabilistic: { sampling_percentage: tracing.samplingPercent },
        },
      ]);
      expect(tracing.samplingPercent).toBe(stack === 'prod' ? 10 : 100);
      expect(values().config.service.pipelines).toEqual({
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'tail_sampling', 'batch'],
          exporters: ['awsxray'],
        },
        metrics: null,
        logs: null,
      });
    });

    it('receives OTLP only, and exports to X-Ray in the stack region, indexing the request and order ids', () => {
      const { receivers, exporters } = values().config;
      expect(receivers).toEqual({
        jaeger: null,
        zipkin: null,
        prometheus: null,
        otlp: {
          protocols: { grpc: { endpoint: '${env:MY_POD_IP}:4317' }, http: { endpoint: '${env:MY_POD_IP}:4318' } },
        },
      });
      expect(exporters.awsxray).toEqual({
        region: 'eu-west-1',
        local_mode: true,
        indexed_attributes: ['app.request_id', 'app.order_id'],
        aws_log_groups: SERVICE_NAMES.map((s) => groupName(stack, s)),
      });
    });

    it('runs under an IRSA role that may only write traces to X-Ray', () => {
      expect(values().serviceAccount).toEqual({
        create: true,
        name: 'otel-collector',
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/tracing-collector' },
      });
      expect(rolePolicy(run(), 'tracing-collector').Statement).toEqual([
        {
          Sid: 'SendTracesOnly',
          Effect: 'Allow',
          Action: [
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          Resource: '*',
        },
      ]);
      expect(attachedPolicies(run(), 'tracing-collector')).toEqual([]);
    });

    it('gives every service the collector as its OTLP endpoint', () => {
      for (const service of SERVICE_NAMES) {
        const config = releaseValues(single(run(), RELEASE, `services-${service}`)).config;
        expect({ service, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }).toEqual({ service, endpoint: ENDPOINT });
      }
      // The endpoint's host is the chart's Service: fullnameOverride in the release's namespace.
      expect(ENDPOINT).toBe(`http://${values().fullnameOverride}.${collector().inputs.namespace}:4318`);
    });

    it('admits OTLP from the services’ namespace only, and lets the collector out to DNS and HTTPS only', () => {
      const policy = single(run(), POLICY, 'tracing-collector').inputs as Json;
      expect(policy.metadata.namespace).toBe('tracing');
      expect(policy.spec.podSelector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'opentelemetry-collector',
        'app.kubernetes.io/instance': 'otel-collector',
      });
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ecommerce' } } }],
          ports: [
            { port: 4317, protocol: 'TCP' },
            { port: 4318, protocol: 'TCP' },
          ],
        },
      ]);
      expect(policy.spec.egress.map((r: Json) => r.ports.map((p: Json) => `${p.port}/${p.protocol}`))).toEqual([
        ['53/UDP', '53/TCP'],
        ['443/TCP'],
      ]);
    });
  });

  describe(`${stack}: logs (Fluent Bit to CloudWatch Logs)`, () => {
    const fluentBit = () => single(run(), RELEASE, 'logging-fluent-bit');
    const fluentConfig = () => releaseValues(fluentBit()).config as Record<string, string>;
    const serviceGroups = () => SERVICE_NAMES.map((s) => single(run(), LOG_GROUP, `logging-${s}`).inputs);

    it(`creates one log group per service, /ecommerce/${stack}/<service>, kept ${retention} days`, () => {
      expect(retention).toBe(stack === 'prod' ? 90 : 14);
      expect(serviceGroups().map((g) => [g.name, g.retentionInDays])).toEqual(
        SERVICE_NAMES.map((s) => [groupName(stack, s), retention]),
      );
      // Plus the group the output plugin needs as a fallback, and nothing else.
      expect(ofType(run(), LOG_GROUP).map((g) => g.inputs.name)).toEqual([
        ...SERVICE_NAMES.map((s) => groupName(stack, s)),
        `/ecommerce/${stack}/unrouted`,
      ]);
    });

    it('lets Fluent Bit only open streams in and write to those groups', () => {
      const arns = [...SERVICE_NAMES, 'unrouted'].map((s) => `arn:aws:mock::123456789012:logging-${s}`);
      expect(rolePolicy(run(), 'logging-fluent-bit').Statement).toEqual([
        {
          Sid: 'WriteTheServiceLogGroupsOnly',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: arns.flatMap((arn) => [arn, `${arn}:*`]),
        },
      ]);
      expect(attachedPolicies(run(), 'logging-fluent-bit')).toEqual([]);
      expect(releaseValues(fluentBit()).serviceAccount.annotations).toEqual({
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/logging-fluent-bit',
      });
    });

    it('runs the pinned official chart as a DaemonSet reading the services’ namespace only', () => {
      expect(fluentBit().inputs).toMatchObject({
        name: 'fluent-bit',
        namespace: 'logging',
        chart: 'fluent-bit',
        repositoryOpts: { repo: 'https://fluent.github.io/helm-charts' },
      });
      expect(releaseValues(fluentBit())).toMatchObject({ kind: 'DaemonSet', testFramework: { enabled: false } });
      expect(fluentConfig().inputs).toContain('Path /var/log/containers/*_ecommerce_*.log');
      expect(fluentConfig().filters).toMatch(
        new RegExp(
          `Regex \\$kubernetes\\['labels'\\]\\['app.kubernetes.io/name'\\] \\^\\(${SERVICE_NAMES.join('\\|')}\\)\\$`,
        ),
      );
    });

    it('keeps pino’s JSON fields as fields and routes each service to its own group, creating none', () => {
      expect(fluentConfig().filters).toMatch(/Merge_Log On\n\s+Keep_Log Off/);
      const output = fluentConfig().outputs;
      expect(output).toContain('Name cloudwatch_logs');
      expect(output).toContain('region eu-west-1');
      expect(output).toContain(
        `log_group_template /ecommerce/${stack}/$kubernetes['labels']['app.kubernetes.io/name']`,
      );
      expect(output).toContain(`log_group_name /ecommerce/${stack}/unrouted`);
      expect(output).toContain('auto_create_group false');
    });

    it('takes no connections and goes out to DNS and HTTPS only', () => {
      const policy = single(run(), POLICY, 'logging-fluent-bit').inputs as Json;
      expect(policy.metadata.namespace).toBe('logging');
      expect(policy.spec.ingress).toEqual([]);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.egress.map((r: Json) => r.ports.map((p: Json) => `${p.port}/${p.protocol}`))).toEqual([
        ['53/UDP', '53/TCP'],
        ['443/TCP'],
      ]);
    });

    it('stops Container Insights shipping the same container logs a second time', () => {
      const addon = ofType(run(), 'aws:eks/addon:Addon').find(
        (a) => a.inputs.addonName === 'amazon-cloudwatch-observability',
      );
      expect(JSON.parse(String(addon?.inputs.configurationValues))).toEqual({ containerLogs: { enabled: false } });
    });

    it('saves the Logs Insights queries for a request, an order, a user, a trace and errors by service', () => {
      const queries = ofType(run(), QUERY).map((q) => q.inputs as Json);
      expect(queries.map((q) => q.name)).toEqual(
        [
          'Everything about request X',
          'Everything about order Y',
          'Everything about user Z',
          'Everything in trace T',
          'Errors by service (last hour)',
        ].map((title) => `ecommerce-${stack}/${title}`),
      );
      for (const query of queries) expect(query.logGroupNames).toEqual(SERVICE_NAMES.map((s) => groupName(stack, s)));
      const [request, order, user, trace, errors] = queries.map((q) => String(q.queryString));
      expect(request).toContain('filter requestId = "REQUEST_ID"');
      expect(order).toContain('filter orderId = "ORDER_ID"');
      expect(user).toContain('filter userId = "USER_ID"');
      expect(trace).toContain('filter trace_id = "TRACE_ID"');
      for (const timeline of [request, order, user, trace]) {
        expect(timeline).toMatch(/^fields @timestamp, service, level, msg, .*trace_id/);
        // The X-Ray console's form of the trace id, to open the trace from a line.
        expect(timeline).toContain('concat("1-", substr(trace_id, 0, 8), "-", substr(trace_id, 8)) as xray_trace_id');
      }
      expect(errors).toMatch(/^filter level = "error" or level = "fatal"\n\| stats count\(\*\) as errors.* by service/);
    });
  });
}
