{{/* NOTES.txt of every service chart: where the service is, what Secret it needs, how to test it. */}}
{{- define "common.notes" -}}
{{ include "common.names.fullname" . }} {{ .Chart.AppVersion }} is installed in namespace {{ .Release.Namespace }}.

In the cluster: http://{{ include "common.names.fullname" . }}.{{ .Release.Namespace }}.svc.cluster.local:{{ .Values.service.port }}
{{- if (.Values.ingress | default dict).enabled }}
Public paths on the shared ALB (IngressGroup {{ .Values.ingress.groupName }}{{ with .Values.ingress.host }}, host {{ . }}{{ end }}):
{{- range .Values.ingress.paths }}
  {{ . }}
{{- end }}
{{- end }}

The pods read their secret settings from Secret "{{ include "common.names.secretName" . }}", which must exist
with the keys: {{ index .Chart.Annotations "ecommerce/required-secret-keys" }}.
{{- if not .Values.existingSecret }}
(existingSecret is empty, so the Secret is expected to be named like the release.)
{{- end }}

{{- if .Values.rollout.enabled }}

Released blue-green by Argo Rollouts ({{ ternary "promoted automatically once its analysis passes" "waiting for a promotion once its analysis passes" .Values.rollout.autoPromotionEnabled }}):
  kubectl argo rollouts get rollout {{ include "common.names.fullname" . }} --namespace {{ .Release.Namespace }}
  (docs/operations/runbooks/blue-green-release.md: promote, abort, retry)
{{- end }}

{{- if .Values.tests }}

Check readiness:
  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}
{{- else }}

Nothing may call this service (its NetworkPolicy lets in Prometheus only); check readiness with:
{{- if .Values.rollout.enabled }}
  kubectl argo rollouts status {{ include "common.names.fullname" . }} --namespace {{ .Release.Namespace }}
{{- else }}
  kubectl --namespace {{ .Release.Namespace }} rollout status deployment/{{ include "common.names.fullname" . }}
{{- end }}
{{- end }}
{{- end -}}
