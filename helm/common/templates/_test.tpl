{{/* helm test: the release is ready when its Service answers /health/ready (curl retries the 503 a
starting pod gives). The NetworkPolicy lets this pod in by its test labels. */}}
{{- define "common.test.readiness" -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "common.names.fullname" . }}-test-readiness
  labels:
    {{- include "common.labels.test" . | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  restartPolicy: Never
  {{- with .Values.releaseChecks.serviceAccountName }}
  serviceAccountName: {{ . }}
  {{- end }}
  automountServiceAccountToken: false
  enableServiceLinks: false
  securityContext:
    {{- include "common.security.podSecurityContext" .Values.securityContext | nindent 4 }}
  containers:
    - name: curl
      image: {{ include "common.image" (dict "image" .Values.tests.image "context" .) | quote }}
      imagePullPolicy: {{ .Values.tests.image.pullPolicy }}
      command:
        - curl
      args:
        - --fail
        - --silent
        - --show-error
        - --max-time
        - "5"
        - --retry
        - "10"
        - --retry-connrefused
        - --retry-delay
        - "3"
        - {{ printf "http://%s:%d/health/ready" (include "common.names.fullname" .) (int .Values.service.port) | quote }}
      resources:
        requests:
          cpu: 10m
          memory: 16Mi
        limits:
          memory: 32Mi
      securityContext:
        {{- include "common.security.containerSecurityContext" . | nindent 8 }}
{{- end -}}
