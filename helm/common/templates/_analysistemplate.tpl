{{/*
The pre-promotion analysis of a blue-green release. Three metrics, all of which must pass:
- smoke: the project's smoke checks (tools/smoke/smoke-checks.ts) as a Job against the preview Service, run with
  the service's own new image (Node's fetch): /health/ready answers 200, and each of rollout.analysis.smokePaths is
  answered by the service itself (JSON or problem+json carrying the request id it was sent) with no 5xx;
- error-rate: the share of the preview pods' responses that are 5xx, from Prometheus;
- latency-p99: the preview pods' p99 response time, from Prometheus.
The preview pods are told apart by rollouts-pod-template-hash (podTargetLabels of the ServiceMonitor); no series
at all fails a measurement instead of passing it, so a preview nobody scrapes is never promoted.
*/}}
{{- define "common.analysistemplate" -}}
{{- if .Values.rollout.enabled -}}
{{- $analysis := .Values.rollout.analysis -}}
{{- $service := include "common.names.fullname" . -}}
{{- $preview := printf "{namespace=%q,service=%q,rollouts_pod_template_hash=%q" .Release.Namespace $service "{{args.preview-hash}}" -}}
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: {{ include "common.names.analysisName" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  args:
    - name: preview-service
    - name: preview-hash
  metrics:
    - name: smoke
      provider:
        job:
          metadata:
            labels:
              {{- include "common.labels.analysis" . | nindent 14 }}
          spec:
            backoffLimit: 0
            activeDeadlineSeconds: {{ $analysis.smokeTimeoutSeconds }}
            template:
              metadata:
                labels:
                  {{- include "common.labels.analysis" . | nindent 18 }}
              spec:
                restartPolicy: Never
                {{- with .Values.releaseChecks.serviceAccountName }}
                serviceAccountName: {{ . }}
                {{- end }}
                automountServiceAccountToken: false
                enableServiceLinks: false
                securityContext:
                  {{- include "common.security.podSecurityContext" .Values.securityContext | nindent 18 }}
                containers:
                  - name: smoke
                    image: {{ include "common.image" (dict "image" .Values.image "context" .) | quote }}
                    imagePullPolicy: {{ .Values.image.pullPolicy }}
                    command:
                      - node
                      - -e
                      - {{ include "common.analysis.smokeScript" . | quote }}
                    env:
                      - name: PREVIEW_URL
                        value: {{ printf "http://{{args.preview-service}}:%d" (int .Values.service.port) | quote }}
                      - name: SMOKE_PATHS
                        value: {{ $analysis.smokePaths | toJson | quote }}
                    resources:
                      requests:
                        cpu: 50m
                        memory: 64Mi
                      limits:
                        memory: 128Mi
                    securityContext:
                      {{- include "common.security.containerSecurityContext" . | nindent 22 }}
    - name: error-rate
      initialDelay: {{ $analysis.initialDelay }}
      interval: {{ $analysis.interval }}
      count: {{ $analysis.count }}
      failureLimit: {{ $analysis.failureLimit }}
      consecutiveErrorLimit: {{ $analysis.consecutiveErrorLimit }}
      successCondition: {{ printf "len(result) > 0 && !isNaN(result[0]) && result[0] <= %v" $analysis.maxErrorRatio | quote }}
      provider:
        prometheus:
          address: {{ $analysis.prometheusAddress | quote }}
          query: {{ printf "(sum(rate(http_request_duration_seconds_count%s,status_code=~\"5..\"}[%s])) or vector(0)) / sum(rate(http_request_duration_seconds_count%s}[%s]))" $preview $analysis.window $preview $analysis.window | quote }}
    - name: latency-p99
      initialDelay: {{ $analysis.initialDelay }}
      interval: {{ $analysis.interval }}
      count: {{ $analysis.count }}
      failureLimit: {{ $analysis.failureLimit }}
      consecutiveErrorLimit: {{ $analysis.consecutiveErrorLimit }}
      successCondition: {{ printf "len(result) > 0 && !isNaN(result[0]) && result[0] <= %v" $analysis.maxP99Seconds | quote }}
      provider:
        prometheus:
          address: {{ $analysis.prometheusAddress | quote }}
          query: {{ printf "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket%s}[%s])))" $preview $analysis.window | quote }}
{{- end -}}
{{- end -}}

{{/*
The smoke checks of tools/smoke/smoke-checks.ts for one service, as a Node script: /health/ready must answer 200,
and every path of SMOKE_PATHS must be answered by the service itself (JSON carrying, in its x-request-id header or
its body's requestId, the id it was sent) with a status below 500. A connection error is retried twice; a wrong
answer is not. Exits non-zero (the Job fails, the metric fails, the rollout aborts) on any failed check.
*/}}
{{- define "common.analysis.smokeScript" -}}
const base = process.env.PREVIEW_URL;
const paths = JSON.parse(process.env.SMOKE_PATHS || '[]');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function get(path, id) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(new URL(path, base), { headers: { 'x-request-id': id }, signal: AbortSignal.timeout(10000) });
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(2000);
    }
  }
}
async function check(path, fromService) {
  const id = 'smoke-' + require('node:crypto').randomUUID();
  try {
    const response = await get(path, id);
    const type = response.headers.get('content-type') || '';
    const body = await response.json().catch(() => ({}));
    const answered = /json/.test(type) && (response.headers.get('x-request-id') === id || body.requestId === id);
    const ok = fromService ? response.status < 500 && answered : response.status === 200;
    return { path, ok, detail: response.status + ' ' + type + (fromService && !answered ? ' (not answered by the service)' : '') };
  } catch (error) {
    return { path, ok: false, detail: error.message };
  }
}
(async () => {
  const results = [await check('/health/ready', false)];
  for (const path of paths) results.push(await check(path, true));
  for (const r of results) console.log((r.ok ? 'ok   ' : 'FAIL ') + base + r.path + ': ' + r.detail);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
})();
{{- end -}}

{{/*
Who the analysis Job may reach: DNS and this service's pods on the service port (in mesh mode the waypoint, which
carries its checks to the preview Service), nothing else. Its pods get in
through the service's own NetworkPolicy (common.networkpolicy), which lets in common.labels.analysis.
*/}}
{{- define "common.networkpolicy.analysis" -}}
{{- if and .Values.rollout.enabled .Values.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "common.names.analysisName" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "common.labels.analysisSelector" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ .Values.networkPolicy.dns.namespace }}
          podSelector:
            matchLabels:
              {{- toYaml .Values.networkPolicy.dns.podLabels | nindent 14 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- if .Values.mesh.enabled }}
    {{- include "common.networkpolicy.toWaypoint" . | nindent 4 }}
    {{- else }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "common.labels.selector" . | nindent 14 }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
{{- end -}}
{{- end -}}
