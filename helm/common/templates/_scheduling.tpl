{{/*
Container resources. The schema requires requests and a memory limit; no CPU limit by default because CPU
throttling hurts latency more than it protects neighbours that have requests.
Usage: include "common.resources" .Values.resources
*/}}
{{- define "common.resources" -}}
{{- toYaml . -}}
{{- end -}}

{{/* Spread across zones, then nodes. matchLabelKeys keeps each rollout's ReplicaSet spread on its own. */}}
{{- define "common.topologySpread" -}}
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: {{ .Values.topologySpread.zone }}
  labelSelector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  matchLabelKeys:
    - pod-template-hash
- maxSkew: 1
  topologyKey: kubernetes.io/hostname
  whenUnsatisfiable: {{ .Values.topologySpread.node }}
  labelSelector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  matchLabelKeys:
    - pod-template-hash
{{- end -}}
