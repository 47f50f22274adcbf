{{/*
Pod security context. Takes { runAsUser, runAsGroup } so every chart picks its uid but none can turn off
runAsNonRoot or seccomp: these are not values on purpose.
Usage: include "common.security.podSecurityContext" .Values.securityContext
*/}}
{{- define "common.security.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security context: read-only root filesystem (the app writes only to the /tmp emptyDir), no
privilege escalation, every capability dropped. */}}
{{- define "common.security.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}
