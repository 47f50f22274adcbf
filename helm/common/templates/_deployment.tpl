{{/*
The Deployment of a service (a rolling update), unless rollout.enabled hands the same pods to an Argo Rollouts
Rollout for a blue-green release (_rollout.tpl).
*/}}
{{- define "common.deployment" -}}
{{- include "common.validate" . -}}
{{- if not .Values.rollout.enabled -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    {{- include "common.podTemplate" . | nindent 4 }}
{{- end -}}
{{- end -}}
