{{/*
Image reference from { repository, digest, tag }. A digest wins because it is immutable: prod deploys exactly
the digest staging verified. Without one the tag is used, defaulting to the chart's appVersion; "latest" is
refused because it is not reproducible.
Usage: include "common.image" (dict "image" .Values.image "context" $)
*/}}
{{- define "common.image" -}}
{{- $image := .image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- $tag := default .context.Chart.AppVersion $image.tag | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image tag \"latest\" is not allowed: pin a version, or better a digest" -}}
{{- end -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}
