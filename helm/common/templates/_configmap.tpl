{{/* Non-secret settings only; the values schema refuses secret variable names in config. */}}
{{- define "common.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
data:
  {{- include "common.env.configData" . | nindent 2 }}
{{- end -}}
