{{/* NOTES.txt of every service chart: where the service is, what Secret it needs, how to test it. */}}
{{- define "common.notes" -}}
{{ include "common.names.fullname" . }} {{ .Chart.AppVersion }} is installed in namespace {{ .Release.Namespace }}.

In the cluster: http://{{ include "common.names.fullname" . }}.{{ .Release.Namespace }}.svc.cluster.local:{{ .Values.service.port }}
{{- if .Values.ingress.enabled }}
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

Check readiness:
  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}
{{- end -}}
