{{/*
What the services fix and the values do not change: name, port, database, workload kind, the size of the /tmp
volume, whether the ingress controller may reach it (public), which services may call it and which it calls.
*/}}
{{- define "doorlock.facts" -}}
deviceGateway:
  { name: device-gateway, port: 8081, database: doorlock_devices, kind: Deployment, tmpSize: 256Mi, public: true,
    callers: [dashboard-gateway], calls: { dashboard-gateway: 8080 } }
dashboardGateway:
  { name: dashboard-gateway, port: 8080, database: doorlock_dashboard, kind: Deployment, tmpSize: 256Mi, public: true,
    callers: [device-gateway], calls: { device-gateway: 8081, audit-service: 8083 } }
commandService:
  { name: command-service, port: 8082, database: doorlock_commands, kind: Deployment, tmpSize: 64Mi, public: false,
    callers: [], calls: {} }
auditService:
  { name: audit-service, port: 8083, database: doorlock_audit, kind: StatefulSet, tmpSize: 64Mi, public: false,
    callers: [dashboard-gateway], calls: {} }
{{- end }}

{{/* The facts of one services.<key>; fails on a key that is not a doorlock service. Call with (list $ $key). */}}
{{- define "doorlock.fact" -}}
{{- $facts := include "doorlock.facts" (index . 0) | fromYaml -}}
{{- $key := index . 1 -}}
{{- toYaml (required (printf "services.%s is not a doorlock service" $key) (get $facts $key)) -}}
{{- end }}

{{/* Labels of every object. Call with (dict "root" $ "name" "device-gateway"). */}}
{{- define "doorlock.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: doorlock
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{- define "doorlock.externalBroker" -}}
{{- if .Values.broker.external.host }}true{{ end }}
{{- end }}

{{/* The restricted Pod Security Standard, for every container. */}}
{{- define "doorlock.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities: { drop: [ALL] }
{{- end }}

{{- define "doorlock.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile: { type: RuntimeDefault }
{{- end }}

{{/* env entry from a Secret key. Call with (list "ENV_NAME" "secret" "key"). */}}
{{- define "doorlock.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom: { secretKeyRef: { name: {{ index . 1 }}, key: {{ index . 2 }} } }
{{- end }}
