{{/* The release's base name, at most 63 characters as Kubernetes names must be. */}}
{{- define "sluice.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries; "component" tells the gateway, PostgreSQL and Flink apart. */}}
{{- define "sluice.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sluice.gatewayImage" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Secret holding the first admin token: the user's own, or the chart's. */}}
{{- define "sluice.adminTokenSecret" -}}
{{- .Values.auth.existingSecret | default (printf "%s-admin-token" (include "sluice.fullname" .)) -}}
{{- end -}}

{{- define "sluice.postgresqlName" -}}
{{- printf "%s-postgresql" (include "sluice.fullname" .) -}}
{{- end -}}

{{/* The Secret and key holding the metadata store's password, or nothing when it has none. */}}
{{- define "sluice.metadataPasswordSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{- .Values.postgresql.auth.existingSecret | default (include "sluice.postgresqlName" .) -}}
{{- else if .Values.externalDatabase.existingSecret -}}
{{- .Values.externalDatabase.existingSecret -}}
{{- else if .Values.externalDatabase.password -}}
{{- printf "%s-metadata" (include "sluice.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The key of the password in that Secret: "password" in the chart's own Secrets. */}}
{{- define "sluice.metadataPasswordKey" -}}
{{- if and .Values.postgresql.enabled .Values.postgresql.auth.existingSecret -}}
{{- .Values.postgresql.auth.existingSecretPasswordKey -}}
{{- else if and (not .Values.postgresql.enabled) .Values.externalDatabase.existingSecret -}}
{{- .Values.externalDatabase.existingSecretPasswordKey -}}
{{- else -}}
password
{{- end -}}
{{- end -}}

{{- define "sluice.metadataUrl" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "jdbc:postgresql://%s:5432/%s" (include "sluice.postgresqlName" .) .Values.postgresql.auth.database -}}
{{- else -}}
{{- required "Set externalDatabase.url (jdbc:postgresql://host:5432/db) or postgresql.enabled=true: Sluice needs a metadata store that outlives its pod." .Values.externalDatabase.url -}}
{{- end -}}
{{- end -}}

{{- define "sluice.metadataUser" -}}
{{- if .Values.postgresql.enabled -}}
{{- .Values.postgresql.auth.username -}}
{{- else -}}
{{- .Values.externalDatabase.user -}}
{{- end -}}
{{- end -}}

{{- define "sluice.flinkDeploymentName" -}}
{{- printf "%s-flink" (include "sluice.fullname" .) -}}
{{- end -}}

{{/*
The Flink cluster's REST address as the gateway reaches it: the operator's "<name>-rest" Service, or the existing
cluster's address.
*/}}
{{- define "sluice.flinkRestAddress" -}}
{{- if eq .Values.flink.mode "operator" -}}
{{- printf "%s-rest.%s.svc" (include "sluice.flinkDeploymentName" .) .Release.Namespace -}}
{{- else -}}
{{- required "Set flink.existing.restAddress to the existing Flink session cluster's REST host (flink.mode=existing)." .Values.flink.existing.restAddress -}}
{{- end -}}
{{- end -}}

{{- define "sluice.flinkRestPort" -}}
{{- if eq .Values.flink.mode "operator" -}}
{{- .Values.flink.operator.restPort -}}
{{- else -}}
{{- .Values.flink.existing.restPort -}}
{{- end -}}
{{- end -}}

{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "sluice.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Gateway pods: one with the embedded cluster (it lives in the gateway), else gateway.replicas. */}}
{{- define "sluice.gatewayReplicas" -}}
{{- if eq .Values.flink.mode "embedded" -}}
1
{{- else -}}
{{- .Values.gateway.replicas -}}
{{- end -}}
{{- end -}}
