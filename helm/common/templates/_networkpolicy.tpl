{{/*
Deny by default: this policy selects the service's pods for both directions, so only what is listed here
gets in or out. NetworkPolicies work at L3/L4: they say who may open port 3000, not which paths; the paths the
ALB forwards are the Ingress rules (never /internal), and /metrics is scraped on the same port.
In:  the ALB subnets (target type ip), the services in allowedClients, the monitoring namespace, the helm test pod,
     and with rollout.enabled the pre-promotion analysis Job (its smoke checks, through the preview Service).
     A chart without an API (no loadBalancer, allowedClients or tests values) lets in Prometheus only; kubelet
     probes come from the node itself, which the VPC CNI never filters.
Out: DNS, the database, and each upstream in .Values.upstreams (productService -> pods named product-service).
With mesh.enabled (Istio ambient, helm/mesh) every request reaches the pods as HBONE (15008) from the waypoint,
which enforces who may call what: in, only the waypoint on 15008 and the kubelet's probes, which ambient sends
from 169.254.7.127 (they bypass the mesh) on the container port; out, calls go to the waypoint on 15008 instead
of the upstreams' pods.
*/}}
{{- define "common.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "common.names.fullname" . }}
  labels:
    {{- include "common.labels.standard" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "common.labels.selector" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- if .Values.mesh.enabled }}
    {{- if (.Values.ingress | default dict).enabled }}
    {{- fail "mesh.enabled with ingress.enabled: the ALB's plaintext would be refused (mTLS STRICT); public traffic comes through the edge gateway (helm/gateway), set ingress.enabled=false" }}
    {{- end }}
    - from:
        - podSelector:
            matchLabels:
              {{- toYaml .Values.mesh.waypoint.podLabels | nindent 14 }}
      ports:
        - port: 15008
          protocol: TCP
    - from:
        - ipBlock:
            cidr: 169.254.7.127/32
      ports:
        - port: 3000
          protocol: TCP
    {{- else }}
    {{- with ($.Values.networkPolicy.loadBalancer | default dict).cidrs }}
    - from:
        {{- range . }}
        - ipBlock:
            cidr: {{ . }}
        {{- end }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- with $.Values.networkPolicy.allowedClients }}
    - from:
        - podSelector:
            matchExpressions:
              - key: app.kubernetes.io/name
                operator: In
                values:
                  {{- toYaml . | nindent 18 }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- with $.Values.networkPolicy.monitoring.namespace }}
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
          {{- with $.Values.networkPolicy.monitoring.podLabels }}
          podSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
          {{- end }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- if .Values.tests }}
    - from:
        - podSelector:
            matchLabels:
              {{- include "common.labels.testSelector" . | nindent 14 }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- if .Values.rollout.enabled }}
    - from:
        - podSelector:
            matchLabels:
              {{- include "common.labels.analysisSelector" . | nindent 14 }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- end }}
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $.Values.networkPolicy.dns.namespace }}
          podSelector:
            matchLabels:
              {{- toYaml $.Values.networkPolicy.dns.podLabels | nindent 14 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    - to:
        - podSelector:
            matchLabels:
              {{- toYaml $.Values.networkPolicy.database.podLabels | nindent 14 }}
          {{- with $.Values.networkPolicy.database.namespace }}
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ . }}
          {{- end }}
      ports:
        - port: {{ $.Values.networkPolicy.database.port }}
          protocol: TCP
    {{- if and .Values.mesh.enabled .Values.upstreams }}
    {{- include "common.networkpolicy.toWaypoint" . | nindent 4 }}
    {{- else }}
    {{- range $name, $upstream := .Values.upstreams }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ $name | kebabcase }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- end }}
    {{- with $.Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}

{{/* In mesh mode: HBONE to the waypoint's pods, through which every call to a service (or its preview) goes. */}}
{{- define "common.networkpolicy.toWaypoint" -}}
- to:
    - podSelector:
        matchLabels:
          {{- toYaml .Values.mesh.waypoint.podLabels | nindent 10 }}
  ports:
    - port: 15008
      protocol: TCP
{{- end -}}
