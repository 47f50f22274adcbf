{{/*
Blue-green releases with Argo Rollouts (docs/decisions/0019-blue-green-releases.md), when rollout.enabled: the
Rollout runs the same pods as the Deployment would (common.podTemplate). A new version comes up beside the old one
behind the preview Service; the pre-promotion analysis (common.analysistemplate) runs the smoke checks against it
and reads its error rate and p99 latency from Prometheus; only then does the controller switch the active Service
(the one the Ingress, the other services and the ServiceMonitor use) to it, by itself with autoPromotionEnabled,
else when promoted (prod: the deploy job, after its approval). A failed analysis aborts the rollout: the active
Service never left the old version, and the new pods are scaled down after abortScaleDownDelaySeconds.
*/}}
{{- define "common.rollout" -}}
{{- if .Values.rollout.enabled -}}
{{- include "common.validate" . -}}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
  {{- with include "common.rollout.subscriptions" . | trim }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  template:
    {{- include "common.podTemplate" . | nindent 4 }}
  strategy:
    blueGreen:
      activeService: {{ include "common.names.fullname" . }}
      previewService: {{ include "common.names.previewName" . }}
      autoPromotionEnabled: {{ .Values.rollout.autoPromotionEnabled }}
      scaleDownDelaySeconds: {{ .Values.rollout.scaleDownDelaySeconds }}
      abortScaleDownDelaySeconds: {{ .Values.rollout.abortScaleDownDelaySeconds }}
      prePromotionAnalysis:
        templates:
          - templateName: {{ include "common.names.analysisName" . }}
        args:
          - name: preview-service
            value: {{ printf "%s.%s.svc.cluster.local" (include "common.names.previewName" .) .Release.Namespace }}
          - name: preview-hash
            valueFrom:
              podTemplateHashValue: Latest
{{- end -}}
{{- end -}}

{{/*
Subscriptions of the rollout controller's notifications (its notification engine, configured by the Pulumi stack:
pulumi/components/rollouts.ts): one annotation per trigger and channel, so each service says where its own
release events go.
*/}}
{{- define "common.rollout.subscriptions" -}}
{{- $notifications := .Values.rollout.notifications -}}
{{- range $trigger := $notifications.triggers }}
{{- with $notifications.slackChannel }}
notifications.argoproj.io/subscribe.{{ $trigger }}.slack: {{ . | quote }}
{{- end }}
{{- with $notifications.email }}
notifications.argoproj.io/subscribe.{{ $trigger }}.email: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The preview Service: the new version before promotion (the controller adds the new ReplicaSet's
rollouts-pod-template-hash to its selector), the same pods as the active Service otherwise. Only the analysis Job
calls it; the component label keeps it apart from the active Service where that matters.
*/}}
{{- define "common.service.preview" -}}
{{- if .Values.rollout.enabled -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "common.names.previewName" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
    app.kubernetes.io/component: preview
spec:
  type: ClusterIP
  selector:
    {{- include "common.labels.selector" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}
{{- end -}}
