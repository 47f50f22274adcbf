{{/*
Cross-field rules the values schema cannot express. Rendered (as nothing) by the Deployment so a bad
combination fails at install or lint time, with a message that says what to change.
*/}}
{{- define "common.validate" -}}
{{- $drainSeconds := div (int (index .Values.config "SHUTDOWN_DRAIN_MS" | default 10000)) 1000 -}}
{{- $minGrace := add $drainSeconds 5 -}}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $minGrace) -}}
{{- fail (printf "terminationGracePeriodSeconds must exceed %d: the app drains for SHUTDOWN_DRAIN_MS (%d s) after SIGTERM and needs a few seconds to close" (int $minGrace) (int $drainSeconds)) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" -}}
{{- end -}}
{{- include "common.validate.pdb" . -}}
{{- if (.Values.ingress | default dict).enabled -}}
{{- if not .Values.ingress.certificateArn -}}
{{- fail "ingress.certificateArn is required when ingress.enabled: the ALB serves HTTPS with an ACM certificate" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (empty .Values.networkPolicy.loadBalancer.cidrs) -}}
{{- fail "networkPolicy.loadBalancer.cidrs is required when both ingress and networkPolicy are enabled: without it the NetworkPolicy drops the ALB's traffic" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A PDB that can never be satisfied blocks every node drain; refuse one that sets both fields or keeps
every replica. */}}
{{- define "common.validate.pdb" -}}
{{- if .Values.pdb.create -}}
{{- if and (hasKey .Values.pdb "minAvailable") (hasKey .Values.pdb "maxUnavailable") -}}
{{- fail "pdb: set only one of minAvailable and maxUnavailable (set the other to null)" -}}
{{- end -}}
{{- $minAvailable := index .Values.pdb "minAvailable" -}}
{{- if and $minAvailable (not (kindIs "string" $minAvailable)) -}}
{{- $replicas := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled -}}
{{- if ge (int $minAvailable) (int $replicas) -}}
{{- fail (printf "pdb.minAvailable (%d) must be lower than the minimum replica count (%d), or no pod could ever be evicted" (int $minAvailable) (int $replicas)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
