{{/*
The non-secret environment: the chart's fixed runtime contract (PORT, HOST), then config, then one
<NAME>_URL per upstream (productService -> PRODUCT_SERVICE_URL). Values are rendered as strings; integers
pass through int64 first because Helm reads YAML numbers as float64 and would print 1209600 as 1.2096e+06.
*/}}
{{- define "common.env.configData" -}}
{{- $data := dict "PORT" "3000" "HOST" "0.0.0.0" -}}
{{- range $key, $value := .Values.config -}}
{{- if kindIs "float64" $value -}}
{{- $_ := set $data $key ($value | int64 | toString) -}}
{{- else -}}
{{- $_ := set $data $key ($value | toString) -}}
{{- end -}}
{{- end -}}
{{- range $name, $upstream := .Values.upstreams -}}
{{- $_ := set $data (printf "%s_URL" ($name | snakecase | upper)) $upstream.url -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* envFrom: the ConfigMap above and the Secret by reference; secret values never pass through values. */}}
{{- define "common.env.from" -}}
- configMapRef:
    name: {{ include "common.names.fullname" . }}
- secretRef:
    name: {{ include "common.names.secretName" . }}
{{- end -}}
