{{/*
PodDisruptionBudget with exactly one of minAvailable or maxUnavailable (maxUnavailable: 1 when neither is
set). AlwaysAllow lets a drain evict pods that are not ready anyway instead of stalling on them.
*/}}
{{- define "common.pdb" -}}
{{- if .Values.pdb.create -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  {{- if hasKey .Values.pdb "minAvailable" }}
  minAvailable: {{ index .Values.pdb "minAvailable" }}
  {{- else }}
  maxUnavailable: {{ index .Values.pdb "maxUnavailable" | default 1 }}
  {{- end }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
{{- end -}}
{{- end -}}
