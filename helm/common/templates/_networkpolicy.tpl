{{/*
Deny by default: this policy selects the service's pods for both directions, so only what is listed here
gets in or out. NetworkPolicies work at L3/L4: they say who may open port 3000, not which paths; the paths the
ALB forwards are the Ingress rules (never /internal), and /metrics is scraped on the same port.
In:  the ALB subnets (target type ip), the services in allowedClients, the monitoring namespace, the helm test pod,
     and with rollout.enabled the pre-promotion analysis Job (its smoke checks, through the preview Service).
     A chart without an API (no loadBalancer, allowedClients or tests values) lets in Prometheus only; kubelet
     probes come from the node itself, which the VPC CNI never filters.
Out: DNS, the database, and each upstream in .Values.upstreams (productService -> pods named product-service).
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
    {{- range $name, $upstream := .Values.upstreams }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ $name | kebabcase }}
      ports:
        - port: 3000
          protocol: TCP
    {{- end }}
    {{- with $.Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
