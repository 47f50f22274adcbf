{{/*
The mesh's helpers. Identities are SPIFFE-style principals of Kubernetes service accounts; the services run as
the service account named after them (their charts' release names), the waypoint as the one Istio names after
its Gateway.
*/}}

{{/* The principal of a service account of the release namespace: (dict "context" $ "serviceAccount" name). */}}
{{- define "mesh.principal" -}}
{{- printf "%s/ns/%s/sa/%s" .context.Values.trustDomain .context.Release.Namespace .serviceAccount -}}
{{- end -}}

{{/*
A path of the calls table as an AuthorizationPolicy path: each {param} segment becomes Istio's path template
operator {*}, which matches exactly one whole segment (never a "/"), so /internal/v1/users/{id}/contact allows
/internal/v1/users/42/contact and nothing deeper or shallower. A trailing "*" (a prefix) would be looser.
*/}}
{{- define "mesh.authorizationPath" -}}
{{- regexReplaceAll "\\{[A-Za-z][A-Za-z0-9]*\\}" . "{*}" -}}
{{- end -}}

{{/*
The HTTPRoute path match of a path of the calls table: Exact without parameters, else the prefix up to its first
{param} segment. It only picks the call's timeout; the AuthorizationPolicy decides what is allowed.
*/}}
{{- define "mesh.routePath" -}}
{{- if contains "{" . -}}
type: PathPrefix
value: {{ regexReplaceAll "/\\{.*$" . "" | quote }}
{{- else -}}
type: Exact
value: {{ . | quote }}
{{- end -}}
{{- end -}}

{{/* Labels of the waypoint's pods, which Istio sets from the Gateway's name. */}}
{{- define "mesh.waypointPodLabels" -}}
gateway.networking.k8s.io/gateway-name: {{ .Values.waypoint.name }}
{{- end -}}

{{/* What the schema cannot say; a wrong value stops the render with what is wrong. */}}
{{- define "mesh.validate" -}}
{{- if ge (int .Values.waypoint.minAvailable) (int .Values.waypoint.replicas) -}}
{{- fail (printf "waypoint.minAvailable (%v) must be below waypoint.replicas (%v), or no node could ever be drained" .Values.waypoint.minAvailable .Values.waypoint.replicas) -}}
{{- end -}}
{{- range $index, $call := .Values.calls -}}
{{- range list $call.from $call.to -}}
{{- if not (has . $.Values.services) -}}
{{- fail (printf "calls[%d]: %s is not one of services (%s)" $index . (join ", " $.Values.services)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $service, $_ := .Values.gateway.paths -}}
{{- if not (has $service $.Values.services) -}}
{{- fail (printf "gateway.paths: %s is not one of services" $service) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The paths the edge gateway may call on a service, as a YAML list: the /docs/ ones only while the gateway routes them. */}}
{{- define "mesh.gatewayPaths" -}}
{{- $paths := list -}}
{{- range get $.context.Values.gateway.paths $.service | default list -}}
{{- if or $.context.Values.gateway.docsExposed (not (hasPrefix "/docs/" .)) -}}
{{- $paths = append $paths . -}}
{{- end -}}
{{- end -}}
{{- toYaml $paths -}}
{{- end -}}

{{/* The rules of a service's AuthorizationPolicy (see authorizationpolicies.yaml): (dict "context" $ "service" name). */}}
{{- define "mesh.serviceRules" -}}
{{- range $call := $.context.Values.calls }}
{{- if eq $call.to $.service }}
# {{ $call.from }}: {{ $call.why }}
- from:
    - source:
        principals:
          - {{ include "mesh.principal" (dict "context" $.context "serviceAccount" $call.from) }}
  to:
    - operation:
        methods:
          {{- toYaml $call.methods | nindent 10 }}
        paths:
          {{- range $call.paths }}
          - {{ include "mesh.authorizationPath" . | quote }}
          {{- end }}
{{- end }}
{{- end }}
{{- with include "mesh.gatewayPaths" (dict "context" $.context "service" $.service) | fromYamlArray }}
# the edge gateway: the public and protected routes of helm/gateway
- from:
    - source:
        principals:
          - {{ include "mesh.principal" (dict "context" $.context "serviceAccount" $.context.Values.gateway.serviceAccount) }}
  to:
    - operation:
        paths:
          {{- toYaml . | nindent 10 }}
{{- end }}
{{- if has $.service $.context.Values.releaseChecks.tested }}
# helm test
- from:
    - source:
        principals:
          - {{ include "mesh.principal" (dict "context" $.context "serviceAccount" $.context.Values.releaseChecks.serviceAccount) }}
  to:
    - operation:
        methods:
          - GET
        paths:
          - {{ $.context.Values.releaseChecks.readinessPath }}
{{- end }}
{{- end -}}
