{{/*
The pod template of a service, shared by the Deployment and the Rollout so both run the same pods: hardened pod,
probes on the health endpoints, zone and node spread, a grace period longer than the app's drain, and a checksum
of the ConfigMap data so a config change rolls the pods.
*/}}
{{- define "common.podTemplate" -}}
metadata:
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
  annotations:
    checksum/config: {{ include "common.env.configData" . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "common.names.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  securityContext:
    {{- include "common.security.podSecurityContext" .Values.securityContext | nindent 4 }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  topologySpreadConstraints:
    {{- include "common.topologySpread" . | nindent 4 }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ include "common.names.name" . }}
      image: {{ include "common.image" (dict "image" .Values.image "context" .) | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 3000
          protocol: TCP
      envFrom:
        {{- include "common.env.from" . | nindent 8 }}
      {{- include "common.probes" . | nindent 6 }}
      resources:
        {{- include "common.resources" .Values.resources | nindent 8 }}
      securityContext:
        {{- include "common.security.containerSecurityContext" . | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        medium: Memory
        sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end -}}
