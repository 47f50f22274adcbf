{{/*
Helpers of the gateway chart. Names and labels come from the library chart (common.names.*, common.labels.*).
*/}}

{{/* Labels Envoy Gateway v1.9.1 puts on the Envoy pods of our Gateway in GatewayNamespace mode (the Deployment's
selector). The chart cannot set app.kubernetes.io/name on them: Envoy Gateway selects its pods with
app.kubernetes.io/name=envoy, so a pod label overriding it would no longer match the Deployment's selector. */}}
{{- define "gateway.envoyPodSelector" -}}
gateway.networking.k8s.io/gateway-name: {{ include "common.names.fullname" . }}
{{- end -}}

{{/* The HTTPRoute of one service and visibility, e.g. product-service-public. */}}
{{- define "gateway.routeName" -}}
{{- printf "%s-%s" .service .visibility | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The matches of one service and visibility the gateway serves, as a YAML list (read with fromYamlArray): all
of them, less the /docs/ ones unless docsExposed (prod keeps the API documents off the internet). */}}
{{- define "gateway.servedMatches" -}}
{{- $served := list -}}
{{- range .matches -}}
{{- if or $.docsExposed (not (hasPrefix "/docs/" .path)) -}}
{{- $served = append $served . -}}
{{- end -}}
{{- end -}}
{{- toYaml $served -}}
{{- end -}}

{{/* The names of the HTTPRoutes of one visibility that have matches to serve, as a YAML list (fromYamlArray). */}}
{{- define "gateway.routeNames" -}}
{{- $visibility := .visibility -}}
{{- $docsExposed := .docsExposed -}}
{{- $names := list -}}
{{- range .routes -}}
{{- if include "gateway.servedMatches" (dict "matches" (index . $visibility) "docsExposed" $docsExposed) | fromYamlArray -}}
{{- $names = append $names (include "gateway.routeName" (dict "service" .service "visibility" $visibility)) -}}
{{- end -}}
{{- end -}}
{{- toYaml $names -}}
{{- end -}}

{{/* targetRefs naming the HTTPRoutes of one visibility. */}}
{{- define "gateway.routeTargetRefs" -}}
{{- range (include "gateway.routeNames" . | fromYamlArray) }}
- group: gateway.networking.k8s.io
  kind: HTTPRoute
  name: {{ . }}
{{- end -}}
{{- end -}}

{{/* The CORS rules of the SecurityPolicies (only called when origins are given). Request headers the API reads,
response headers a browser script may read: the rate-limit and request-id headers, Location and ETag. */}}
{{- define "gateway.cors" -}}
cors:
  allowOrigins:
    {{- toYaml .Values.cors.allowedOrigins | nindent 4 }}
  allowMethods: [GET, HEAD, POST, PUT, PATCH, DELETE]
  allowHeaders: [Authorization, Content-Type, Idempotency-Key, x-request-id, traceparent, tracestate]
  exposeHeaders: [RateLimit, RateLimit-Policy, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, x-request-id, traceresponse, Location, ETag]
  maxAge: {{ printf "%ds" (int .Values.cors.maxAgeSeconds) }}
{{- end -}}

{{/*
Cross-field rules the values schema cannot express, with a message that says what to change. Rendered (as
nothing) by the Gateway, so a bad combination fails at lint, template or install time.
*/}}
{{- define "gateway.validate" -}}
{{- $protected := include "gateway.routeNames" (dict "routes" .Values.routes "visibility" "protected" "docsExposed" .Values.docs.exposed) | fromYamlArray -}}
{{- if and $protected (not .Values.jwt.issuer) -}}
{{- fail (printf "jwt.issuer is required: the protected routes (%s) need the gateway to check the tokens' issuer" (join ", " $protected)) -}}
{{- end -}}
{{- if and $protected (empty .Values.jwt.audiences) -}}
{{- fail (printf "jwt.audiences needs at least one audience: the protected routes (%s) need the gateway to check the tokens' audience" (join ", " $protected)) -}}
{{- end -}}
{{- $services := list -}}
{{- range .Values.routes -}}
{{- if has .service $services -}}
{{- fail (printf "routes: %s is listed twice; give each service one entry with its public and protected matches" .service) -}}
{{- end -}}
{{- $services = append $services .service -}}
{{- $entry := . -}}
{{- $service := .service -}}
{{- range $visibility := list "public" "protected" -}}
{{- range (index $entry $visibility | default list) -}}
{{- if regexMatch "^/(internal|health|metrics)(/|$)" .path -}}
{{- fail (printf "routes: %s of %s (%s) is private: /internal, /health and /metrics are never routed" .path $service $visibility) -}}
{{- end -}}
{{- if eq .path "/" -}}
{{- fail (printf "routes: / of %s (%s) would route every path, private ones included; list the public paths" $service $visibility) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if .Values.ingress.enabled -}}
{{- if not .Values.ingress.certificateArn -}}
{{- fail "ingress.certificateArn is required when ingress.enabled: the ALB serves HTTPS with an ACM certificate" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (empty .Values.networkPolicy.loadBalancer.cidrs) -}}
{{- fail "networkPolicy.loadBalancer.cidrs is required when both ingress and networkPolicy are enabled: without it the NetworkPolicy drops the ALB's traffic" -}}
{{- end -}}
{{- end -}}
{{- end -}}
