{{/* Standard labels (Kubernetes recommended labels plus helm.sh/chart) on every object the charts render. */}}
{{- define "common.labels.standard" -}}
{{ include "common.labels.selector" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ecommerce
helm.sh/chart: {{ include "common.names.chart" . }}
{{- end -}}

{{/* Selector labels: name and instance only, because a Deployment's selector is immutable and must not change
when the chart or app version does. */}}
{{- define "common.labels.selector" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of the helm test pod. Its name label differs from the app's on purpose: a pod matching the
Deployment's selector would be adopted (and possibly deleted) by the ReplicaSet. */}}
{{- define "common.labels.test" -}}
{{ include "common.labels.testSelector" . }}
app.kubernetes.io/component: helm-test
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ecommerce
helm.sh/chart: {{ include "common.names.chart" . }}
{{- end -}}

{{/* What the NetworkPolicy matches to let the helm test pod in. */}}
{{- define "common.labels.testSelector" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of the pre-promotion analysis Job's pods. Like the helm test pod, their name label differs from the
app's, so the Rollout never adopts them and the NetworkPolicies can tell them apart. */}}
{{- define "common.labels.analysis" -}}
{{ include "common.labels.analysisSelector" . }}
app.kubernetes.io/component: release-analysis
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ecommerce
helm.sh/chart: {{ include "common.names.chart" . }}
{{- end -}}

{{/* What the NetworkPolicies match to let the analysis Job's pods in (and out). */}}
{{- define "common.labels.analysisSelector" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}-analysis
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
