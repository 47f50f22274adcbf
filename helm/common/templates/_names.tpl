{{/*
Names. Kubernetes names and label values are DNS-1123 labels, so every name is truncated at 63 characters
and loses a trailing "-" the truncation may leave.
*/}}

{{/* The chart name, or nameOverride. It is the app.kubernetes.io/name label that NetworkPolicies select on. */}}
{{- define "common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The resource name: the release name alone when it already contains the chart name ("product-service"),
so in-cluster URLs stay http://product-service:3000 when the release is named after the service. */}}
{{- define "common.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* chart-version for the helm.sh/chart label; "+" is not allowed in label values. */}}
{{- define "common.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The ServiceAccount the pods run as: ours when the chart creates one, else the named (or default) one. */}}
{{- define "common.names.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "common.names.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the secret env vars: existingSecret, or by convention a Secret named like the release. */}}
{{- define "common.names.secretName" -}}
{{- default (include "common.names.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{/* The preview Service of a blue-green release: the full name cut to leave room for "-preview". */}}
{{- define "common.names.previewName" -}}
{{- printf "%s-preview" (include "common.names.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/* The pre-promotion AnalysisTemplate, its Job's NetworkPolicy: the full name cut to leave room for "-analysis". */}}
{{- define "common.names.analysisName" -}}
{{- printf "%s-analysis" (include "common.names.fullname" . | trunc 54 | trimSuffix "-") -}}
{{- end -}}
