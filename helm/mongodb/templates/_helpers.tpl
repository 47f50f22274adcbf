{{/* Labels the operator puts on the replica set members (app=<name>-svc); the PDB and NetworkPolicy select
them because the operator owns the StatefulSet and its selector. */}}
{{- define "mongodb.memberSelector" -}}
app: {{ include "common.names.fullname" . }}-svc
{{- end -}}

{{/* Selector of this chart's own tool pods (backup, restore, helm test), distinct from the members. */}}
{{- define "mongodb.toolSelector" -}}
app.kubernetes.io/name: {{ include "common.names.name" . }}-tools
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of a tool pod. Usage: include "mongodb.toolLabels" (dict "context" $ "component" "backup") */}}
{{- define "mongodb.toolLabels" -}}
{{ include "mongodb.toolSelector" .context }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: ecommerce
helm.sh/chart: {{ include "common.names.chart" .context }}
{{- end -}}

{{/* The ServiceAccount of the backup and restore jobs; the IAM role's trust policy names it. */}}
{{- define "mongodb.backupServiceAccountName" -}}
{{- default (printf "%s-backup" (include "common.names.fullname" .)) .Values.backup.serviceAccount.name -}}
{{- end -}}

{{/* The operator writes each user's connection string to this Secret (key connectionString.standard). */}}
{{- define "mongodb.connectionSecretName" -}}
{{- printf "%s-%s-connection" (include "common.names.fullname" .context) .username -}}
{{- end -}}

{{/* Rules the schema cannot express; rendered (as nothing) by the MongoDBCommunity template. */}}
{{- define "mongodb.validate" -}}
{{- if .Values.backup.enabled -}}
{{- if not .Values.backup.s3.bucket -}}
{{- fail "backup.s3.bucket is required when backup.enabled" -}}
{{- end -}}
{{- if not .Values.backup.s3.region -}}
{{- fail "backup.s3.region is required when backup.enabled" -}}
{{- end -}}
{{- if not .Values.backup.serviceAccount.roleArn -}}
{{- fail "backup.serviceAccount.roleArn is required when backup.enabled: the jobs reach S3 through IRSA" -}}
{{- end -}}
{{- end -}}
{{- if .Values.restore.enabled -}}
{{- if not .Values.backup.enabled -}}
{{- fail "restore.enabled needs backup.enabled: the restore user, bucket and IAM role come from the backup settings" -}}
{{- end -}}
{{- if not .Values.restore.backupKey -}}
{{- fail "restore.backupKey is required: pick one with scripts/restore.sh --list" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Pod spec shared by the backup CronJob and the restore Job. The mongo tools container and the AWS CLI
container meet at a FIFO in an emptyDir, so the archive streams between MongoDB and S3 without touching a
disk and without a custom image.
Usage: include "mongodb.streamPodSpec" (dict "context" $ "component" "backup")   (or "restore")
*/}}
{{- define "mongodb.streamPodSpec" -}}
{{- $ctx := .context -}}
{{- $isBackup := eq .component "backup" -}}
{{- $user := ternary $ctx.Values.auth.backupUser.username $ctx.Values.auth.restoreUser.username $isBackup -}}
serviceAccountName: {{ include "mongodb.backupServiceAccountName" $ctx }}
automountServiceAccountToken: false
enableServiceLinks: false
restartPolicy: Never
securityContext:
  {{- include "common.security.podSecurityContext" $ctx.Values.backup.securityContext | nindent 2 }}
initContainers:
  - name: make-fifo
    image: {{ include "common.image" (dict "image" $ctx.Values.backup.mongoImage "context" $ctx) | quote }}
    imagePullPolicy: {{ $ctx.Values.backup.mongoImage.pullPolicy }}
    command:
      - mkfifo
      - /stream/archive.fifo
    resources:
      {{- include "common.resources" $ctx.Values.backup.resources | nindent 6 }}
    securityContext:
      {{- include "common.security.containerSecurityContext" $ctx | nindent 6 }}
    volumeMounts:
      - name: stream
        mountPath: /stream
containers:
  - name: {{ ternary "mongodump" "mongorestore" $isBackup }}
    image: {{ include "common.image" (dict "image" $ctx.Values.backup.mongoImage "context" $ctx) | quote }}
    imagePullPolicy: {{ $ctx.Values.backup.mongoImage.pullPolicy }}
    command:
      - /bin/sh
      - /scripts/{{ .component }}-mongo.sh
    env:
      - name: MONGODB_URI
        valueFrom:
          secretKeyRef:
            name: {{ include "mongodb.connectionSecretName" (dict "context" $ctx "username" $user) }}
            key: connectionString.standard
      {{- if $isBackup }}
      - name: READ_PREFERENCE
        value: {{ $ctx.Values.backup.readPreference | quote }}
      {{- else }}
      - name: RESTORE_MODE
        value: {{ $ctx.Values.restore.mode | quote }}
      {{- end }}
      - name: HOME
        value: /tmp
    resources:
      {{- include "common.resources" $ctx.Values.backup.resources | nindent 6 }}
    securityContext:
      {{- include "common.security.containerSecurityContext" $ctx | nindent 6 }}
    volumeMounts:
      - name: stream
        mountPath: /stream
      - name: scripts
        mountPath: /scripts
        readOnly: true
      - name: tmp
        mountPath: /tmp
  - name: {{ ternary "upload" "download" $isBackup }}
    image: {{ include "common.image" (dict "image" $ctx.Values.backup.awsCliImage "context" $ctx) | quote }}
    imagePullPolicy: {{ $ctx.Values.backup.awsCliImage.pullPolicy }}
    command:
      - /bin/sh
      - /scripts/{{ .component }}-s3.sh
    env:
      - name: S3_BUCKET
        value: {{ $ctx.Values.backup.s3.bucket | quote }}
      - name: S3_PREFIX
        value: {{ $ctx.Values.backup.s3.prefix | quote }}
      {{- if not $isBackup }}
      - name: BACKUP_KEY
        value: {{ $ctx.Values.restore.backupKey | quote }}
      {{- end }}
      - name: AWS_REGION
        value: {{ $ctx.Values.backup.s3.region | quote }}
      - name: AWS_DEFAULT_REGION
        value: {{ $ctx.Values.backup.s3.region | quote }}
      - name: HOME
        value: /tmp
    resources:
      {{- include "common.resources" $ctx.Values.backup.resources | nindent 6 }}
    securityContext:
      {{- include "common.security.containerSecurityContext" $ctx | nindent 6 }}
    volumeMounts:
      - name: stream
        mountPath: /stream
      - name: scripts
        mountPath: /scripts
        readOnly: true
      - name: tmp
        mountPath: /tmp
volumes:
  - name: stream
    emptyDir: {}
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
  - name: scripts
    configMap:
      name: {{ include "common.names.fullname" $ctx }}-backup-scripts
{{- end -}}
