{{/*
Container resources. The schema requires requests and a memory limit; no CPU limit by default because CPU
throttling hurts latency more than it protects neighbours that have requests.
Usage: include "common.resources" .Values.resources
*/}}
{{- define "common.resources" -}}
{{- toYaml . -}}
{{- end -}}

{{/* Spread across zones, then nodes. matchLabelKeys keeps each rollout's ReplicaSet spread on its own: a
Deployment's ReplicaSets carry pod-template-hash, an Argo Rollout's rollouts-pod-template-hash. */}}
{{- define "common.topologySpread" -}}
{{- $hashLabel := ternary "rollouts-pod-template-hash" "pod-template-hash" .Values.rollout.enabled -}}
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: {{ .Values.topologySpread.zone }}
  labelSelector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  matchLabelKeys:
    - {{ $hashLabel }}
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: {{ .Values.topologySpread.node }}
  labelSelector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  matchLabelKeys:
    - {{ $hashLabel }}
{{- end -}}
