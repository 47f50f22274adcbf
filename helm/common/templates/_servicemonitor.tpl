{{/*
Prometheus Operator scrape of /metrics through the Service; labels let the Prometheus select it.
With rollout.enabled it selects the preview Service too, so a new version's pods are scraped before they take
traffic, and keeps their rollouts-pod-template-hash label, which the pre-promotion analysis selects them by. Both
Services' targets are labelled service and job as the active Service, so a pod behind both is one target (Prometheus
drops a target whose labels equal another's) and the dashboards and alerts keep reading service="<name>".
*/}}
{{- define "common.servicemonitor" -}}
{{- if .Values.serviceMonitor.enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
    {{- with .Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ .Values.serviceMonitor.interval }}
      scrapeTimeout: {{ .Values.serviceMonitor.scrapeTimeout }}
      {{- if .Values.rollout.enabled }}
      relabelings:
        - action: replace
          targetLabel: service
          replacement: {{ include "common.names.fullname" . }}
        - action: replace
          targetLabel: job
          replacement: {{ include "common.names.fullname" . }}
      {{- end }}
  {{- if .Values.rollout.enabled }}
  podTargetLabels:
    - rollouts-pod-template-hash
  {{- end }}
{{- end -}}
{{- end -}}
