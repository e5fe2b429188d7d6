// Validates rendered Kubernetes manifests offline, for bin/check-k8s.
//
//   node k8s/tools/validate.mjs --modules DIR --repo DIR LABEL=FILE[:flag,flag] ...
//
// DIR (--modules) is the npm prefix holding kubernetes-models and yaml (.tools/k8s). Each FILE is one render
// (kubectl kustomize / helm template output); flags: prod (production sizes and pinned images), external-broker
// (no bundled Mosquitto), monitoring (ServiceMonitor + PrometheusRule expected).
//
// Every object is checked against the Kubernetes 1.27 schema of kubernetes-models (new Deployment(obj).validate()
// and so on), including fields the schema does not know (a typo such as "readinessprobe" is an error, which the
// schema alone lets through). Then the project's own rules: the restricted security context, requests and limits,
// the three probes, ServiceAccounts without tokens, Secrets without real values, the Ingress routes (never
// /internal), the network policies, and what each service needs (docs/configuration.md): its own broker account,
// the bus keys, command-service's signing key, no password on any command line. Exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) throw new Error(`missing ${name}`);
  return args.splice(i, 2)[1];
};
// --failed LABEL (repeatable): a step bin/check-k8s could not run (helm lint, a render); counted as failed.
const failedSteps = [];
while (args.includes('--failed')) failedSteps.push(opt('--failed'));
const modulesDir = resolve(opt('--modules'));
const repo = resolve(opt('--repo'));
const require = createRequire(join(modulesDir, 'package.json'));
const YAML = require('yaml');

// What the services fix (docs/configuration.md, docs/architecture.md).
const SERVICES = {
  'device-gateway': { port: 8081, database: 'doorlock_devices', kind: 'Deployment', public: true },
  'dashboard-gateway': { port: 8080, database: 'doorlock_dashboard', kind: 'Deployment', public: true },
  'command-service': { port: 8082, database: 'doorlock_commands', kind: 'Deployment', public: false },
  'audit-service': { port: 8083, database: 'doorlock_audit', kind: 'StatefulSet', public: false },
};
const GATEWAYS = ['device-gateway', 'dashboard-gateway'];
const PROD_REPLICAS = { 'device-gateway': 3, 'dashboard-gateway': 3, 'command-service': 2, 'audit-service': 2 };
const PROBES = { startupProbe: '/q/health/started', livenessProbe: '/q/health/live', readinessProbe: '/q/health/ready' };
const INTERNAL_TOKEN_ENVS = {
  'device-gateway': ['DOORLOCK_INTERNAL_API_TOKEN', 'DOORLOCK_DEVICE_GATEWAY_VISITORS_INTERNAL_TOKEN'],
  'dashboard-gateway': ['DOORLOCK_INTERNAL_API_TOKEN', 'DOORLOCK_VISITORS_INTERNAL_TOKEN'],
  'audit-service': ['DOORLOCK_INTERNAL_API_TOKEN'],
};
const EXPECTED_CONFIG = {
  'device-gateway': { DOORLOCK_DEVICE_GATEWAY_VISITORS_DASHBOARD_URL: 'http://dashboard-gateway:8080' },
  'dashboard-gateway': {
    DOORLOCK_DASHBOARD_GATEWAY_UPSTREAMS_DEVICE_GATEWAY_URL: 'http://device-gateway:8081',
    DOORLOCK_DASHBOARD_GATEWAY_UPSTREAMS_AUDIT_SERVICE_URL: 'http://audit-service:8083',
    MP_JWT_VERIFY_PUBLICKEY_LOCATION: 'file:/etc/doorlock/jwt/public.pem',
    SMALLRYE_JWT_SIGN_KEY_LOCATION: 'file:/etc/doorlock/jwt/private.pem',
  },
};
// Files the services read from mounted Secrets (docs/configuration.md): the bus keys in all four, the command key
// pair in command-service, only its public half in dashboard-gateway.
const BUS_KEYS_ENV = 'DOORLOCK_BUS_SIGNING_KEYS_FILE';
const BUS_KEYS_KEY = 'bus-keys.properties';
const COMMAND_KEY_ENVS = {
  'command-service': { DOORLOCK_COMMANDS_SIGNING_PRIVATE_KEY_LOCATION: 'private.pem', DOORLOCK_COMMANDS_SIGNING_PUBLIC_KEY_LOCATION: 'public.pem' },
  'dashboard-gateway': { DOORLOCK_COMMANDS_SIGNING_PUBLIC_KEY_LOCATION: 'public.pem' },
};
const OWNER_ONLY = 0o400; // the mode of every mounted key file (the kubelet adds group read for the pod's fsGroup)
// Shell builtins: a script may hand a password to these (and to its own functions), never to another program.
const SHELL_BUILTINS = new Set(['printf', 'echo', 'case', '[', 'test', 'read', 'export', 'local']);
// A file of the repository, or undefined when it is missing (reported by checkRepoFiles).
const repoText = (p) => {
  try {
    return readFileSync(join(repo, p), 'utf8');
  } catch {
    return undefined;
  }
};
// Placeholder marker that committed or test-rendered Secret values must carry.
const PLACEHOLDER = /REPLACE_ME/;

let failures = 0;
const fail = (where, msg) => {
  failures++;
  console.error(`  FAIL ${where}: ${msg}`);
};

// ---------------------------------------------------------------------------------------------------------------
// Schema validation with kubernetes-models, plus unknown-field detection: the compiled validators read every field
// their schema defines, so validating through a Proxy that records reads shows the fields nobody read.
function modelClass(apiVersion, kind) {
  let mod;
  try {
    mod = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  return mod[kind];
}

function tracked(value, path, read, all) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => tracked(v, `${path}/${i}`, read, all));
  const copy = {};
  for (const k of Object.keys(value)) {
    all.add(`${path}/${k}`);
    copy[k] = tracked(value[k], `${path}/${k}`, read, all);
  }
  return new Proxy(copy, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(target, prop)) read.add(`${path}/${prop}`);
      return Reflect.get(target, prop, receiver);
    },
  });
}

function schemaCheck(obj, where) {
  const Cls = modelClass(obj.apiVersion, obj.kind);
  if (!Cls) return false;
  const model = new Cls(obj);
  try {
    model.validate();
  } catch (e) {
    const details = (e.errors ?? []).map((x) => `${x.instancePath} ${x.message}`).join('; ');
    fail(where, `schema: ${details || e.message}`);
    return true;
  }
  const read = new Set();
  const all = new Set();
  try {
    Cls.prototype.validate.call(tracked(JSON.parse(JSON.stringify(model)), '', read, all));
  } catch {
    /* already reported above */
  }
  for (const path of all) if (!read.has(path)) fail(where, `unknown field ${path}`);
  return true;
}

// CRDs kubernetes-models has no schema for: the Prometheus Operator's.
function crdCheck(obj, where, ctx) {
  if (obj.apiVersion !== 'monitoring.coreos.com/v1' || !['ServiceMonitor', 'PrometheusRule'].includes(obj.kind)) {
    fail(where, `no schema for ${obj.apiVersion} ${obj.kind}`);
    return;
  }
  if (!obj.metadata?.name) fail(where, 'metadata.name missing');
  if (obj.kind === 'PrometheusRule') {
    const rules = YAML.parse(readFileSync(join(repo, 'deploy/observability/rules/doorlock-alerts.yml'), 'utf8'));
    if (JSON.stringify(obj.spec?.groups) !== JSON.stringify(rules.groups)) {
      fail(where, 'spec.groups differ from deploy/observability/rules/doorlock-alerts.yml');
    }
  } else {
    const ep = obj.spec?.endpoints ?? [];
    if (!ep.length || !ep.every((e) => e.path === '/q/metrics' && e.port === 'http')) {
      fail(where, 'endpoints must scrape port http, path /q/metrics');
    }
    if (obj.spec?.jobLabel !== 'doorlock.io/job') fail(where, 'jobLabel must be doorlock.io/job (the alerts expect job=doorlock-<service>)');
    for (const name of Object.keys(SERVICES)) {
      const svc = ctx.get('Service', name);
      if (svc && svc.metadata.labels?.['doorlock.io/job'] !== `doorlock-${name}`) fail(where, `Service ${name} lacks label doorlock.io/job=doorlock-${name}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Policies on single objects.
const podSpecOf = (obj) =>
  ({ Deployment: 1, StatefulSet: 1, DaemonSet: 1, ReplicaSet: 1, Job: 1 })[obj.kind]
    ? obj.spec?.template?.spec
    : obj.kind === 'CronJob'
      ? obj.spec?.jobTemplate?.spec?.template?.spec
      : obj.kind === 'Pod'
        ? obj.spec
        : undefined;

function checkImage(image, where, flags) {
  const digest = image.includes('@sha256:');
  const tag = image.split('/').pop().split('@')[0].split(':')[1];
  if (!digest && !tag) fail(where, `image ${image} has no tag`);
  else if (tag === 'latest') fail(where, `image ${image} uses :latest`);
  else if (flags.has('prod') && !digest && !/^\d+\.\d+\.\d+$/.test(tag)) fail(where, `prod image ${image} is not pinned to x.y.z or a digest`);
}

function checkWorkload(obj, where, flags, ctx) {
  const pod = podSpecOf(obj);
  if (!pod) return;
  const psc = pod.securityContext ?? {};
  if (pod.automountServiceAccountToken !== false) fail(where, 'pod automountServiceAccountToken must be false');
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) fail(where, 'host namespaces are not allowed');
  if ((pod.volumes ?? []).some((v) => v.hostPath)) fail(where, 'hostPath volumes are not allowed');
  if (!pod.serviceAccountName) fail(where, 'serviceAccountName missing');
  else {
    const sa = ctx.get('ServiceAccount', pod.serviceAccountName);
    if (!sa) fail(where, `ServiceAccount ${pod.serviceAccountName} is not in the render`);
  }
  const all = [...(pod.initContainers ?? []).map((c) => [c, true]), ...(pod.containers ?? []).map((c) => [c, false])];
  for (const [c, init] of all) {
    const cw = `${where} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) fail(cw, 'runAsNonRoot must be true');
    if ((sc.runAsUser ?? psc.runAsUser) === 0) fail(cw, 'runAsUser 0');
    if ((sc.seccompProfile ?? psc.seccompProfile)?.type !== 'RuntimeDefault') fail(cw, 'seccompProfile must be RuntimeDefault');
    if (sc.readOnlyRootFilesystem !== true) fail(cw, 'readOnlyRootFilesystem must be true');
    if (sc.allowPrivilegeEscalation !== false) fail(cw, 'allowPrivilegeEscalation must be false');
    if (sc.privileged) fail(cw, 'privileged');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail(cw, 'capabilities.drop must contain ALL');
    if ((sc.capabilities?.add ?? []).length) fail(cw, 'capabilities.add must be empty');
    for (const kind of ['requests', 'limits']) {
      for (const r of ['cpu', 'memory']) if (c.resources?.[kind]?.[r] === undefined) fail(cw, `resources.${kind}.${r} missing`);
    }
    checkImage(c.image ?? '', cw, flags);
    checkCommandLine(c, cw, pod, ctx);
    if (init || ['Job', 'CronJob'].includes(obj.kind)) continue; // a run-to-completion pod has nothing to probe
    const service = SERVICES[c.name];
    for (const [probe, path] of Object.entries(PROBES)) {
      const p = c[probe];
      if (!p) fail(cw, `${probe} missing`);
      else if (service && (p.httpGet?.path !== path || p.httpGet?.port === undefined)) fail(cw, `${probe} must be httpGet ${path}`);
    }
    if (service && !(c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp' && pod.volumes?.find((v) => v.name === m.name)?.emptyDir)) {
      fail(cw, 'needs an emptyDir at /tmp (the root filesystem is read-only)');
    }
  }
}

// No password on a command line (ps shows it to every user of the node): neither a Secret-backed variable expanded
// into command/args (Kubernetes' $(NAME) or the shell's $NAME), nor a password option, nor, in a script the container
// runs from a ConfigMap, a password handed to anything but a shell builtin or the script's own functions.
function checkCommandLine(c, where, pod, ctx) {
  const secretEnvs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
  const passwordEnvs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef && e.valueFrom.secretKeyRef.key !== 'username').map((e) => e.name);
  const argv = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  const text = argv.join(' ');
  for (const n of secretEnvs) {
    if (new RegExp(`\\$\\(${n}\\)|\\$\\{?#?${n}\\b`).test(text)) fail(where, `its command line carries the Secret value ${n}: pass it by environment or file, never as an argument`);
  }
  if (/(^|\s)(-P|--pw|--pass|--password)(\s|=|$)/.test(text)) fail(where, 'its command line has a password option');
  for (const a of argv) {
    const mount = (c.volumeMounts ?? []).find((m) => a.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`));
    const cm = mount && pod.volumes?.find((v) => v.name === mount.name)?.configMap;
    const script = cm && ctx.get('ConfigMap', cm.name)?.data?.[a.slice(mount.mountPath.replace(/\/+$/, '').length + 1)];
    if (script && /\.sh$/.test(a)) checkScript(script, passwordEnvs, `${where} script ${a}`);
  }
}

function checkScript(text, passwordEnvs, where) {
  const functions = new Set([...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*\{/gm)].map((m) => m[1]));
  let heredoc;
  text.split('\n').forEach((line, i) => {
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      return; // a here-document is the command's stdin, not its arguments
    }
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    heredoc = t.match(/<<-?\s*['"]?([A-Za-z_]+)['"]?/)?.[1];
    if (/(^|\s)(-P|--pw|--password)\s+["']?\$/.test(t)) fail(where, `line ${i + 1} passes a password option: ${t}`);
    const used = passwordEnvs.filter((n) => new RegExp(`\\$\\{?#?${n}\\b`).test(t));
    if (!used.length) return;
    const word = t.replace(/^((if|elif|while|until|then|do|else|!|\{|\()\s+)*/, '').split(/\s+/)[0];
    if (!SHELL_BUILTINS.has(word) && !functions.has(word)) {
      fail(where, `line ${i + 1} hands ${used.join(', ')} to ${word}: only shell builtins and the script's own functions may see a password`);
    }
  });
}

// The Secret file a container reads at PATH: { secret, key, mode, readOnly }, or a reason it is none.
function secretFileAt(pod, c, path) {
  for (const m of c.volumeMounts ?? []) {
    const dir = m.mountPath.replace(/\/+$/, '');
    if (!path?.startsWith(`${dir}/`) || m.subPath) continue;
    const rel = path.slice(dir.length + 1);
    const v = pod.volumes?.find((x) => x.name === m.name);
    if (!v?.secret) return { error: `${path} is on volume ${m.name}, not a Secret` };
    const item = v.secret.items?.find((it) => it.path === rel);
    if (v.secret.items && !item) return { error: `${path}: volume ${m.name} maps no key to ${rel}` };
    return { secret: v.secret.secretName, key: item ? item.key : rel, mode: item?.mode ?? v.secret.defaultMode ?? 0o644, readOnly: m.readOnly === true };
  }
  return { error: `${path ?? '(unset)'} is on no mounted volume` };
}

// The keys of Secret NAME that any container of the pod can read ('*': all of them).
function secretKeysIn(pod, name) {
  const keys = new Set();
  const add = (src) => {
    if (src?.secretName !== name && src?.name !== name) return;
    if (src.items) src.items.forEach((it) => keys.add(it.key));
    else keys.add('*');
  };
  for (const v of pod.volumes ?? []) {
    add(v.secret);
    for (const p of v.projected?.sources ?? []) add(p.secret);
  }
  return keys;
}

// A key file of a service: mounted from a Secret at the path its variable names, read-only, mode 0400.
function checkKeyFile(w, name, pod, c, config, variable, key) {
  const f = secretFileAt(pod, c, config[variable]);
  if (f.error) {
    fail(w(name), `${variable} must name a file of a mounted Secret: ${f.error}`);
    return undefined;
  }
  if (f.key !== key) fail(w(name), `${variable} must be the Secret's key ${key} (is ${f.key})`);
  if (f.mode !== OWNER_ONLY) fail(w(name), `${variable}: ${f.secret}/${f.key} must be mounted with mode 0400 (is 0${f.mode.toString(8)})`);
  if (!f.readOnly) fail(w(name), `${variable}: the mount of ${f.secret} must be readOnly`);
  return f.secret;
}

function decodeSecretValues(obj) {
  const values = Object.entries(obj.stringData ?? {});
  for (const [k, v] of Object.entries(obj.data ?? {})) values.push([k, Buffer.from(String(v), 'base64').toString('utf8')]);
  return values;
}

function checkObject(obj, where, flags, ctx) {
  checkWorkload(obj, where, flags, ctx);
  if (obj.kind === 'ServiceAccount' && obj.automountServiceAccountToken !== false) fail(where, 'automountServiceAccountToken must be false');
  if (obj.kind === 'Secret') {
    for (const [k, v] of decodeSecretValues(obj)) {
      if (v !== '' && !PLACEHOLDER.test(v)) fail(where, `key ${k} holds a value that is not a REPLACE_ME placeholder: no real secrets in the repository`);
    }
  }
  if (obj.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(obj.data ?? {})) {
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(String(v))) fail(where, `key ${k} holds a private key`);
      if (/PASSWORD|TOKEN|CONNECTION_STRING/.test(k) && !/_FILE$|_USERNAME$/.test(k)) fail(where, `key ${k} looks like a secret: use a Secret`);
    }
  }
  if (obj.kind === 'Ingress') checkIngress(obj, where);
  if (obj.kind === 'Service' && ['LoadBalancer', 'NodePort'].includes(obj.spec?.type)) {
    for (const p of obj.spec.ports ?? []) {
      if (p.port !== 8883) fail(where, `exposes port ${p.port} outside the cluster: only MQTT over TLS (8883) may be`);
    }
  }
}

function checkIngress(obj, where) {
  if (obj.spec?.defaultBackend) fail(where, 'a defaultBackend would route /internal');
  for (const rule of obj.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const path = p.path ?? '';
      const prefix = path.replace(/\/+$/, '');
      if (p.pathType === 'ImplementationSpecific') fail(where, `path ${path}: ImplementationSpecific (regex) paths are not allowed`);
      if (path.startsWith('/internal') || (p.pathType !== 'Exact' && '/internal'.startsWith(prefix) && !'/internal'.slice(prefix.length).match(/^[^/]/))) {
        fail(where, `path ${path} (${p.pathType}) routes /internal`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Policies across a render: what each service needs, the routes, the network policies, the broker.
const matches = (selector, labels) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
const peerIsNamespace = (peer, ns) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns && !peer.podSelector;
const peerIsPod = (peer, name) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name && !peer.namespaceSelector;

function checkRender(ctx, label, flags) {
  const w = (what) => `${label} ${what}`;
  const external = flags.has('external-broker');

  for (const [name, s] of Object.entries(SERVICES)) {
    const wl = ctx.get(s.kind, name);
    if (!wl) {
      fail(w(name), `${s.kind} missing`);
      continue;
    }
    const pod = wl.spec.template.spec;
    const c = pod.containers.find((x) => x.name === name);
    if (!c) {
      fail(w(name), `no container named ${name}`);
      continue;
    }
    if (!c.ports?.some((p) => p.containerPort === s.port && p.name === 'http')) fail(w(name), `container port http ${s.port} missing`);
    const sa = ctx.get('ServiceAccount', pod.serviceAccountName);
    if (sa?.automountServiceAccountToken !== false) fail(w(name), 'its ServiceAccount must have automountServiceAccountToken: false');

    // Environment: instance id from the pod name, MongoDB and broker credentials from Secrets, the shared token.
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
    if (env.DOORLOCK_INSTANCE_ID?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') fail(w(name), 'DOORLOCK_INSTANCE_ID must come from metadata.name');
    const mongo = env.QUARKUS_MONGODB_CONNECTION_STRING?.valueFrom?.secretKeyRef;
    if (!mongo) fail(w(name), 'QUARKUS_MONGODB_CONNECTION_STRING must come from a Secret');
    else ctx.mongoSecrets.push([name, mongo.name, mongo.key]);
    for (const v of ['MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_USERNAME', 'MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_PASSWORD']) {
      if (!env[v]?.valueFrom?.secretKeyRef) fail(w(name), `${v} must come from a Secret`);
    }
    for (const v of INTERNAL_TOKEN_ENVS[name] ?? []) {
      const ref = env[v]?.valueFrom?.secretKeyRef;
      if (!ref) fail(w(name), `${v} must come from a Secret`);
      else ctx.tokenRefs.add(`${ref.name}/${ref.key}`);
    }
    const config = {};
    for (const src of c.envFrom ?? []) {
      const cm = src.configMapRef && ctx.get('ConfigMap', src.configMapRef.name);
      if (src.configMapRef && !cm) fail(w(name), `ConfigMap ${src.configMapRef.name} is not in the render`);
      Object.assign(config, cm?.data ?? {});
    }
    for (const e of c.env ?? []) if (e.value !== undefined) config[e.name] = e.value;
    const expected = { QUARKUS_HTTP_PORT: String(s.port), QUARKUS_MONGODB_DATABASE: s.database, ...(EXPECTED_CONFIG[name] ?? {}) };
    for (const [k, v] of Object.entries(expected)) if (config[k] !== v) fail(w(name), `${k} must be ${v} (is ${config[k]})`);
    if (external) {
      if (config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_HOST === 'mosquitto') fail(w(name), 'external broker set, but the services still use mosquitto');
      if (config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_SSL !== 'true') fail(w(name), 'the external broker is reached without TLS');
    } else if (config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_HOST !== 'mosquitto' || config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_PORT !== '1883') {
      fail(w(name), 'must use the bundled broker mosquitto:1883');
    }
    ctx.brokerEndpoint ??= { host: config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_HOST, port: config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_PORT, ssl: config.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_SSL ?? 'false' };
    // Its own broker account (username and password keys of one Secret, no other service's), the bus keys, and
    // command-service's key pair (dashboard-gateway: its public half).
    const brokerUser = env.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_USERNAME?.valueFrom?.secretKeyRef;
    const brokerPassword = env.MP_MESSAGING_CONNECTOR_SMALLRYE_MQTT_PASSWORD?.valueFrom?.secretKeyRef;
    if (brokerUser && brokerPassword) {
      if (brokerUser.name !== brokerPassword.name || brokerUser.key !== 'username' || brokerPassword.key !== 'password') {
        fail(w(name), 'its broker username and password must be the keys username and password of one Secret');
      }
      ctx.brokerSecrets.push([name, brokerPassword.name]);
    }
    if (name === 'dashboard-gateway') {
      const adminUser = env.DOORLOCK_BROKER_PROVISIONING_USERNAME?.valueFrom?.secretKeyRef;
      const adminPassword = env.DOORLOCK_BROKER_PROVISIONING_PASSWORD?.valueFrom?.secretKeyRef;
      if (adminPassword) {
        if (adminUser?.name !== adminPassword.name) fail(w(name), 'the provisioning username and password must come from one Secret');
        ctx.brokerAdminSecret = adminPassword.name;
      }
    }
    const busKeys = checkKeyFile(w, name, pod, c, config, BUS_KEYS_ENV, BUS_KEYS_KEY);
    if (busKeys) ctx.busKeySecrets.add(busKeys);
    for (const [variable, key] of Object.entries(COMMAND_KEY_ENVS[name] ?? {})) {
      const secret = checkKeyFile(w, name, pod, c, config, variable, key);
      if (secret) ctx.commandKeySecrets.add(secret);
    }
    for (const variable of ['DOORLOCK_COMMANDS_SIGNING_PRIVATE_KEY_LOCATION', 'DOORLOCK_COMMANDS_SIGNING_PUBLIC_KEY_LOCATION']) {
      if (config[variable] !== undefined && !(variable in (COMMAND_KEY_ENVS[name] ?? {}))) fail(w(name), `${variable} is set, but ${name} has no use for it`);
    }

    if (name === 'dashboard-gateway') {
      const mount = c.volumeMounts?.find((m) => m.mountPath === '/etc/doorlock/jwt');
      if (!pod.volumes?.find((v) => v.name === mount?.name)?.secret) fail(w(name), 'the JWT keys must be mounted from a Secret at /etc/doorlock/jwt');
    }

    // StatefulSet with a headless Service for audit-service; a Service for each.
    if (s.kind === 'StatefulSet') {
      const headless = ctx.get('Service', wl.spec.serviceName);
      if (headless?.spec?.clusterIP !== 'None') fail(w(name), `serviceName ${wl.spec.serviceName} must be a headless Service`);
    }
    const svc = ctx.get('Service', name);
    if (!svc || !matches({ matchLabels: svc.spec.selector }, pod.metadata?.labels ?? wl.spec.template.metadata.labels)) fail(w(name), 'Service missing or not selecting its pods');
    else if (!svc.spec.ports.some((p) => p.port === s.port)) fail(w(name), `Service must expose ${s.port}`);
    const labels = wl.spec.template.metadata.labels;
    const pdb = ctx.all('PodDisruptionBudget').find((p) => matches(p.spec.selector, labels));
    if (!pdb) fail(w(name), 'no PodDisruptionBudget');
    const hpa = ctx.all('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef?.name === name);
    if (GATEWAYS.includes(name) && (!hpa || hpa.apiVersion !== 'autoscaling/v2' || hpa.spec.scaleTargetRef.kind !== 'Deployment')) fail(w(name), 'needs an autoscaling/v2 HorizontalPodAutoscaler');
    if (flags.has('prod')) {
      const replicas = hpa ? hpa.spec.minReplicas : wl.spec.replicas;
      if (!(replicas >= PROD_REPLICAS[name])) fail(w(name), `prod needs at least ${PROD_REPLICAS[name]} replicas (has ${replicas})`);
      if (hpa && wl.spec.replicas !== undefined && wl.spec.replicas !== hpa.spec.minReplicas) fail(w(name), 'replicas differ from the HPA minimum');
      if (pdb && !(pdb.spec.minAvailable >= 1)) fail(w(name), 'prod PodDisruptionBudget must set minAvailable');
    }

    // Network policy: who may connect, where it may go.
    const nps = ctx.all('NetworkPolicy').filter((n) => Object.keys(n.spec.podSelector?.matchLabels ?? {}).length && matches(n.spec.podSelector, labels));
    if (!nps.length) {
      fail(w(name), 'no NetworkPolicy of its own');
      continue;
    }
    const peers = nps.flatMap((n) => (n.spec.ingress ?? []).flatMap((r) => r.from ?? [{ any: true }]));
    const egress = nps.flatMap((n) => n.spec.egress ?? []);
    if (!nps.every((n) => n.spec.policyTypes?.includes('Ingress') && n.spec.policyTypes?.includes('Egress'))) fail(w(name), 'NetworkPolicy must cover Ingress and Egress');
    if (peers.some((p) => p.any || p.ipBlock)) fail(w(name), 'NetworkPolicy admits any source');
    const fromIngressController = peers.some((p) => p.namespaceSelector && !p.podSelector && p.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] !== 'monitoring');
    if (s.public !== fromIngressController) fail(w(name), s.public ? 'the ingress controller must reach it' : 'must not be reachable from the ingress controller');
    if (!peers.some((p) => peerIsNamespace(p, 'monitoring'))) fail(w(name), 'Prometheus (namespace monitoring) must reach it');
    const callers = { 'device-gateway': ['dashboard-gateway'], 'dashboard-gateway': ['device-gateway'], 'audit-service': ['dashboard-gateway'], 'command-service': [] }[name];
    const podPeers = peers.filter((p) => p.podSelector).map((p) => p.podSelector.matchLabels?.['app.kubernetes.io/name']);
    if (JSON.stringify([...podPeers].sort()) !== JSON.stringify([...callers].sort())) fail(w(name), `pods allowed in must be exactly [${callers}] (are [${podPeers}])`);
    const calls = { 'device-gateway': { 'dashboard-gateway': 8080 }, 'dashboard-gateway': { 'device-gateway': 8081, 'audit-service': 8083 } }[name] ?? {};
    for (const [callee, port] of Object.entries(calls)) {
      if (!egress.some((r) => (r.to ?? []).some((p) => peerIsPod(p, callee)) && r.ports?.some((p) => p.port === port))) fail(w(name), `must be allowed out to ${callee}:${port}`);
    }
    if (!external && !egress.some((r) => (r.to ?? []).some((p) => peerIsPod(p, 'mosquitto')) && r.ports?.some((p) => p.port === 1883))) fail(w(name), 'must be allowed out to mosquitto:1883');
    if (!egress.some((r) => r.ports?.some((p) => p.port === 27017))) fail(w(name), 'must be allowed out to MongoDB (27017)');
  }

  // Each service its own MongoDB Secret (each DB user reaches only its own database); one shared internal token.
  const mongoNames = ctx.mongoSecrets.map(([, s]) => s);
  if (new Set(mongoNames).size !== mongoNames.length) fail(w('MongoDB'), `services share a connection-string Secret: ${mongoNames}`);
  if (ctx.tokenRefs.size > 1) fail(w('internal token'), `the shared token must be one Secret key, found ${[...ctx.tokenRefs]}`);
  checkMongoUsersJob(ctx, w);

  // Broker accounts: one Secret per service, none shared, none the dynamic-security admin's.
  const brokerNames = ctx.brokerSecrets.map(([, secret]) => secret);
  if (new Set(brokerNames).size !== brokerNames.length) fail(w('broker accounts'), `services share a broker Secret: ${ctx.brokerSecrets.map((x) => x.join('=')).join(', ')}`);
  if (ctx.brokerAdminSecret && brokerNames.includes(ctx.brokerAdminSecret)) fail(w('broker accounts'), `the admin Secret ${ctx.brokerAdminSecret} is also a service's account`);
  // One bus-keys Secret for all four; the command key pair from one Secret, whose private.pem only command-service mounts.
  if (ctx.busKeySecrets.size > 1) fail(w('bus keys'), `the services read different Secrets: ${[...ctx.busKeySecrets]}`);
  if (ctx.commandKeySecrets.size > 1) fail(w('command key'), `command-service and dashboard-gateway read different Secrets: ${[...ctx.commandKeySecrets]}`);
  for (const wl of ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet'].flatMap((k) => ctx.all(k))) {
    const pod = podSpecOf(wl);
    for (const secret of ctx.commandKeySecrets) {
      const keys = secretKeysIn(pod, secret);
      if ((keys.has('*') || keys.has('private.pem')) && wl.metadata.name !== 'command-service') fail(w(`${wl.kind}/${wl.metadata.name}`), `mounts private.pem of ${secret}: only command-service may`);
    }
    for (const secret of ctx.busKeySecrets) {
      if (secretKeysIn(pod, secret).size && !SERVICES[wl.metadata.name]) fail(w(`${wl.kind}/${wl.metadata.name}`), `mounts the bus keys ${secret}: only the four services may`);
    }
  }
  checkBrokerAccountsJob(ctx, w, external);

  // Default deny and DNS.
  const nps = ctx.all('NetworkPolicy');
  if (!nps.some((n) => !Object.keys(n.spec.podSelector ?? {}).length && n.spec.policyTypes?.includes('Ingress') && n.spec.policyTypes?.includes('Egress') && !n.spec.ingress && !n.spec.egress)) {
    fail(w('NetworkPolicy'), 'no default-deny policy');
  }
  if (!nps.some((n) => (n.spec.egress ?? []).some((r) => r.ports?.some((p) => p.port === 53 && p.protocol === 'UDP')))) fail(w('NetworkPolicy'), 'DNS egress (53/UDP) is not allowed');

  // Ingress routes, per host: the main host (people) and the devices host (firmware), since both gateways serve
  // /socket.io/. The main host is the one that routes /ws/dashboard.
  const routes = ctx.all('Ingress').flatMap((i) => (i.spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => ({ ...p, host: r.host, ingress: i }))));
  const mainHost = routes.find((r) => r.path === '/ws/dashboard')?.host;
  const hostOf = (r) => (r.host === mainHost ? 'main' : 'devices');
  const want = [
    ['main', '/api', 'Prefix', 'dashboard-gateway', 8080],
    ['main', '/ws/dashboard', 'Prefix', 'dashboard-gateway', 8080],
    ['main', '/ws/device', 'Prefix', 'device-gateway', 8081],
    ['main', '/api/door/upload', 'Exact', 'device-gateway', 8081],
    ['main', '/socket.io/', 'Prefix', 'dashboard-gateway', 8080],
    // The web console's files, by name.
    ['main', '/', 'Exact', 'dashboard-gateway', 8080],
    ['main', '/js', 'Prefix', 'dashboard-gateway', 8080],
    ['main', '/console.css', 'Exact', 'dashboard-gateway', 8080],
    ['main', '/favicon.svg', 'Exact', 'dashboard-gateway', 8080],
    // The devices host (optional in the chart: devicesHost empty leaves it out).
    ['devices', '/socket.io/', 'Prefix', 'device-gateway', 8081, 'optional'],
    ['devices', '/ws/device', 'Prefix', 'device-gateway', 8081, 'optional'],
    ['devices', '/api', 'Prefix', 'device-gateway', 8081, 'optional'],
  ];
  const hasDevicesHost = routes.some((r) => hostOf(r) === 'devices');
  if (hasDevicesHost && new Set(routes.filter((r) => hostOf(r) === 'devices').map((r) => r.host)).size > 1) {
    fail(w('Ingress'), 'the devices routes must share one host');
  }
  let expected = 0;
  for (const [host, path, type, svc, port, optional] of want) {
    if (optional && !hasDevicesHost) continue;
    expected += 1;
    const where = `${host} host ${path}`;
    const r = routes.find((x) => x.path === path && hostOf(x) === host);
    if (!r || r.pathType !== type || r.backend?.service?.name !== svc || r.backend?.service?.port?.number !== port) {
      fail(w('Ingress'), `${where} must route (${type}) to ${svc}:${port}`);
      continue;
    }
    const a = r.ingress.metadata.annotations ?? {};
    if (path.startsWith('/ws/') || path === '/socket.io/') {
      for (const t of ['proxy-read-timeout', 'proxy-send-timeout']) {
        if (!(Number(a[`nginx.ingress.kubernetes.io/${t}`]) >= 3600)) fail(w('Ingress'), `${where} needs nginx ${t} >= 3600`);
      }
    }
    if (path === '/socket.io/' && a['nginx.ingress.kubernetes.io/affinity'] !== 'cookie') {
      fail(w('Ingress'), `${where} needs cookie affinity (polling requests must reach the replica holding the session)`);
    }
    if ((path === '/api/door/upload' || (host === 'devices' && path === '/api'))
        && !/^(6|[7-9]|\d{2,})m$/i.test(a['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '')) {
      fail(w('Ingress'), `${where} needs proxy-body-size >= 6m`);
    }
  }
  if (routes.length !== expected) fail(w('Ingress'), `unexpected routes: ${routes.map((r) => `${hostOf(r)}:${r.path}`)}`);

  // The broker.
  const broker = ctx.get('StatefulSet', 'mosquitto');
  if (external) {
    if (broker || ctx.get('Service', 'mosquitto-mqtts')) fail(w('broker'), 'external broker set, but Mosquitto is still deployed');
  } else {
    const conf = ctx.get('ConfigMap', broker?.spec.template.spec.volumes?.find((v) => v.name === 'config')?.configMap?.name)?.data?.['mosquitto.conf'];
    if (!broker || !conf) fail(w('broker'), 'Mosquitto StatefulSet or its mosquitto.conf ConfigMap missing');
    else checkMosquittoConf(conf, w('mosquitto.conf'));
    const lb = ctx.get('Service', 'mosquitto-mqtts');
    if (lb?.spec?.type !== 'LoadBalancer' || lb.spec.ports.length !== 1 || lb.spec.ports[0].port !== 8883) fail(w('broker'), 'a LoadBalancer Service must expose 8883 (and nothing else)');
    const bnp = nps.find((n) => n.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'mosquitto');
    const plain = (bnp?.spec.ingress ?? []).filter((r) => r.ports?.some((p) => p.port === 1883));
    if (!bnp || plain.some((r) => !r.from || r.from.some((p) => !p.podSelector || p.namespaceSelector))) fail(w('broker'), 'port 1883 must be open only to the doorlock pods');
    const job = ctx.get('Job', 'broker-accounts');
    if (job && !plain.some((r) => r.from?.some((p) => matches(p.podSelector, job.spec.template.metadata?.labels ?? {})))) {
      fail(w('broker'), 'the Job broker-accounts may not reach port 1883 (its NetworkPolicy peer is missing)');
    }
    if (broker) checkDynsecInit(ctx, w, broker);
  }

  if (flags.has('monitoring')) {
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) if (!ctx.all(kind).length) fail(w(kind), 'expected but not rendered');
  }
}

// The Job that creates the services' MongoDB users: it must read each service's own connection-string Secret (the
// user it creates is the one that service logs in with), its admin credential from a Secret no service uses, run the
// script of the repository, and reach nothing but MongoDB.
function checkMongoUsersJob(ctx, w) {
  const where = w('Job/mongodb-users');
  const job = ctx.get('Job', 'mongodb-users');
  if (!job) {
    fail(where, 'missing: nothing creates the services\' MongoDB users');
    return;
  }
  const pod = job.spec.template.spec;
  const c = pod.containers?.[0] ?? {};
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.valueFrom?.secretKeyRef]));
  const admin = env.MONGODB_ADMIN_URI;
  if (!admin) fail(where, 'MONGODB_ADMIN_URI must come from a Secret');
  else if (ctx.mongoSecrets.some(([, secret]) => secret === admin.name)) fail(where, `its admin Secret ${admin.name} is a service's Secret`);
  for (const [service, secret, key] of ctx.mongoSecrets) {
    const v = `${service.toUpperCase().replaceAll('-', '_')}_URI`;
    if (env[v]?.name !== secret || env[v]?.key !== key) fail(where, `${v} must come from ${service}'s own Secret ${secret}/${key} (is ${env[v]?.name}/${env[v]?.key})`);
  }
  const script = pod.volumes?.find((v) => v.configMap)?.configMap?.name;
  const data = ctx.get('ConfigMap', script)?.data?.['mongodb-users.js'];
  if (data !== readFileSync(join(repo, 'k8s/base/mongodb-users/mongodb-users.js'), 'utf8')) fail(where, `ConfigMap ${script} must hold k8s/base/mongodb-users/mongodb-users.js`);
  if (!(c.command ?? []).includes('/scripts/mongodb-users.js')) fail(where, 'must run /scripts/mongodb-users.js');
  const labels = job.spec.template.metadata?.labels ?? {};
  const nps = ctx.all('NetworkPolicy').filter((n) => Object.keys(n.spec.podSelector?.matchLabels ?? {}).length && matches(n.spec.podSelector, labels));
  if (!nps.length) fail(where, 'no NetworkPolicy of its own');
  else {
    if (!nps.every((n) => n.spec.policyTypes?.includes('Ingress') && n.spec.policyTypes?.includes('Egress'))) fail(where, 'NetworkPolicy must cover Ingress and Egress');
    if (nps.some((n) => (n.spec.ingress ?? []).length)) fail(where, 'nothing may connect to it');
    const ports = nps.flatMap((n) => (n.spec.egress ?? []).flatMap((r) => (r.ports ?? [{}]).map((p) => p.port)));
    if (!ports.length || ports.some((p) => p !== 27017)) fail(where, `may go out to MongoDB (27017) only (ports: ${ports})`);
  }
}

// The Job that creates the services' broker accounts: the repository's script and service-roles.json, the admin
// credential from the Secret dashboard-gateway provisions with, each service's from that service's own Secret, the
// broker the services use, passwords only on a memory-backed /tmp, and a way out to the broker only.
function checkBrokerAccountsJob(ctx, w, external) {
  const where = w('Job/broker-accounts');
  const job = ctx.get('Job', 'broker-accounts');
  if (!job) {
    fail(where, 'missing: nothing creates the services\' broker accounts');
    return;
  }
  const pod = job.spec.template.spec;
  const c = pod.containers?.[0] ?? {};
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
  const ref = (n) => env[n]?.valueFrom?.secretKeyRef;
  if (!(c.command ?? []).includes('/scripts/broker-accounts.sh')) fail(where, 'must run /scripts/broker-accounts.sh');
  const mounted = (dir, key) => {
    const m = c.volumeMounts?.find((x) => x.mountPath === dir);
    const cm = m && pod.volumes?.find((v) => v.name === m.name)?.configMap;
    return cm && ctx.get('ConfigMap', cm.name)?.data?.[key];
  };
  if (mounted('/scripts', 'broker-accounts.sh') !== repoText('k8s/base/broker-accounts/broker-accounts.sh')) fail(where, '/scripts/broker-accounts.sh must be k8s/base/broker-accounts/broker-accounts.sh');
  if (mounted('/config', 'service-roles.json') !== repoText('deploy/mosquitto/service-roles.json')) fail(where, '/config/service-roles.json must be deploy/mosquitto/service-roles.json');
  for (const k of ['USERNAME', 'PASSWORD']) {
    const r = ref(`ADMIN_${k}`);
    if (!r || r.key !== k.toLowerCase()) fail(where, `ADMIN_${k} must come from the admin Secret's key ${k.toLowerCase()}`);
    else if (ctx.brokerAdminSecret && r.name !== ctx.brokerAdminSecret) fail(where, `ADMIN_${k} must come from ${ctx.brokerAdminSecret}, the Secret dashboard-gateway provisions with (is ${r.name})`);
    for (const [service, secret] of ctx.brokerSecrets) {
      const v = `${service.toUpperCase().replaceAll('-', '_')}_${k}`;
      if (ref(v)?.name !== secret || ref(v)?.key !== k.toLowerCase()) fail(where, `${v} must come from ${service}'s own Secret ${secret}/${k.toLowerCase()} (is ${ref(v)?.name}/${ref(v)?.key})`);
    }
  }
  const broker = ctx.brokerEndpoint ?? {};
  if (env.BROKER_HOST?.value !== broker.host || env.BROKER_PORT?.value !== broker.port) {
    fail(where, `must reach the services' broker ${broker.host}:${broker.port} (is ${env.BROKER_HOST?.value}:${env.BROKER_PORT?.value})`);
  }
  if (env.BROKER_TLS?.value !== String(broker.ssl === 'true')) fail(where, `BROKER_TLS must be ${broker.ssl === 'true'}, as the services reach the broker`);
  checkMemoryTmp(pod, c, where);
  const labels = job.spec.template.metadata?.labels ?? {};
  const nps = ctx.all('NetworkPolicy').filter((n) => Object.keys(n.spec.podSelector?.matchLabels ?? {}).length && matches(n.spec.podSelector, labels));
  if (!nps.length) fail(where, 'no NetworkPolicy of its own');
  else {
    if (!nps.every((n) => n.spec.policyTypes?.includes('Ingress') && n.spec.policyTypes?.includes('Egress'))) fail(where, 'NetworkPolicy must cover Ingress and Egress');
    if (nps.some((n) => (n.spec.ingress ?? []).length)) fail(where, 'nothing may connect to it');
    const rules = nps.flatMap((n) => n.spec.egress ?? []);
    const port = Number(env.BROKER_PORT?.value);
    if (!rules.length || rules.some((r) => !r.ports?.length || r.ports.some((p) => p.port !== port))) fail(where, `may go out to the broker's port ${port} only`);
    if (!external && rules.some((r) => !(r.to ?? []).length || r.to.some((p) => !peerIsPod(p, 'mosquitto')))) fail(where, 'may go out to the mosquitto pods only');
  }
}

// The broker's init container writes the first dynamic-security state with the repository's script, the admin
// from the Secret dashboard-gateway provisions with, its password only on a memory-backed /tmp.
function checkDynsecInit(ctx, w, broker) {
  const where = w('StatefulSet/mosquitto init container dynsec-init');
  const pod = broker.spec.template.spec;
  const c = (pod.initContainers ?? []).find((x) => x.name === 'dynsec-init');
  if (!c) {
    fail(where, 'missing: nothing creates the dynamic-security state with its admin');
    return;
  }
  if (!(c.command ?? []).includes('/scripts/dynsec-init.sh')) fail(where, 'must run /scripts/dynsec-init.sh');
  const m = c.volumeMounts?.find((x) => x.mountPath === '/scripts');
  const cm = m && pod.volumes?.find((v) => v.name === m.name)?.configMap;
  if (ctx.get('ConfigMap', cm?.name)?.data?.['dynsec-init.sh'] !== repoText('k8s/base/mosquitto/dynsec-init.sh')) fail(where, '/scripts/dynsec-init.sh must be k8s/base/mosquitto/dynsec-init.sh');
  for (const k of ['USERNAME', 'PASSWORD']) {
    const r = (c.env ?? []).find((e) => e.name === `ADMIN_${k}`)?.valueFrom?.secretKeyRef;
    if (!r || r.key !== k.toLowerCase() || (ctx.brokerAdminSecret && r.name !== ctx.brokerAdminSecret)) fail(where, `ADMIN_${k} must come from the admin Secret ${ctx.brokerAdminSecret ?? ''} key ${k.toLowerCase()}`);
  }
  checkMemoryTmp(pod, c, where);
}

// Files holding passwords in clear (options files, the admin's password before hashing) live in memory only.
function checkMemoryTmp(pod, c, where) {
  const m = c.volumeMounts?.find((x) => x.mountPath === '/tmp');
  if (pod.volumes?.find((v) => v.name === m?.name)?.emptyDir?.medium !== 'Memory') fail(where, '/tmp must be an emptyDir with medium Memory (it holds passwords in clear)');
}

// The rendered mosquitto.conf: every setting of deploy/mosquitto/mosquitto.conf except allow_anonymous, plus TLS
// on 8883 and the dynamic-security plugin, no anonymous clients.
function checkMosquittoConf(conf, where) {
  const settings = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const have = new Set(settings(conf));
  for (const s of settings(readFileSync(join(repo, 'deploy/mosquitto/mosquitto.conf'), 'utf8'))) {
    if (!s.startsWith('allow_anonymous') && !have.has(s)) fail(where, `"${s}" from deploy/mosquitto/mosquitto.conf is missing`);
  }
  for (const s of ['allow_anonymous false', 'listener 1883', 'listener 8883', 'certfile /mosquitto/tls/tls.crt', 'keyfile /mosquitto/tls/tls.key']) {
    if (!have.has(s)) fail(where, `"${s}" missing`);
  }
  if (![...have].some((s) => /^plugin \S*mosquitto_dynamic_security\.so$/.test(s))) fail(where, 'the dynamic-security plugin is not loaded');
  const lines = settings(conf);
  const tlsAt = lines.indexOf('listener 8883');
  if (lines.indexOf('certfile /mosquitto/tls/tls.crt') < tlsAt) fail(where, 'certfile must follow "listener 8883"');
}

// ---------------------------------------------------------------------------------------------------------------
// Files in the repository.
function checkRepoFiles() {
  const read = (p) => {
    try {
      return readFileSync(join(repo, p), 'utf8');
    } catch (e) {
      fail(p, `cannot be read: ${e.code ?? e.message}`);
      return '';
    }
  };
  if (read('k8s/helm/doorlock/files/doorlock-alerts.yml') !== read('deploy/observability/rules/doorlock-alerts.yml')) {
    fail('k8s/helm/doorlock/files/doorlock-alerts.yml', 'differs from deploy/observability/rules/doorlock-alerts.yml: copy it again');
  }
  if (read('k8s/helm/doorlock/files/mosquitto.conf') !== read('k8s/base/mosquitto/mosquitto.conf')) {
    fail('k8s/helm/doorlock/files/mosquitto.conf', 'differs from k8s/base/mosquitto/mosquitto.conf');
  }
  if (read('k8s/helm/doorlock/files/mongodb-users.js') !== read('k8s/base/mongodb-users/mongodb-users.js')) {
    fail('k8s/helm/doorlock/files/mongodb-users.js', 'differs from k8s/base/mongodb-users/mongodb-users.js: copy it again');
  }
  // service-roles.json has one source, deploy/mosquitto/service-roles.json: kustomize reads no file outside k8s/base
  // and a chart none outside itself, so both hold copies.
  for (const copy of ['k8s/base/broker-accounts/service-roles.json', 'k8s/helm/doorlock/files/service-roles.json']) {
    if (read(copy) !== read('deploy/mosquitto/service-roles.json')) fail(copy, 'differs from deploy/mosquitto/service-roles.json: copy it again');
  }
  if (read('k8s/helm/doorlock/files/broker-accounts.sh') !== read('k8s/base/broker-accounts/broker-accounts.sh')) {
    fail('k8s/helm/doorlock/files/broker-accounts.sh', 'differs from k8s/base/broker-accounts/broker-accounts.sh: copy it again');
  }
  if (read('k8s/helm/doorlock/files/dynsec-init.sh') !== read('k8s/base/mosquitto/dynsec-init.sh')) {
    fail('k8s/helm/doorlock/files/dynsec-init.sh', 'differs from k8s/base/mosquitto/dynsec-init.sh: copy it again');
  }
  checkMosquittoConf(read('k8s/base/mosquitto/mosquitto.conf'), 'k8s/base/mosquitto/mosquitto.conf');
  // Every value documented: a key line needs a comment on the nearest line above it or at its end.
  for (const file of ['k8s/helm/doorlock/values.yaml', 'k8s/helm/doorlock/values-prod.yaml']) {
    const lines = read(file).split('\n');
    let previous = '';
    lines.forEach((line, i) => {
      const t = line.trim();
      if (!t) return;
      if (/^[A-Za-z0-9_.-]+:/.test(t) && !previous.startsWith('#') && !/\s#\s/.test(line)) fail(`${file}:${i + 1}`, `"${t}" has no comment`);
      previous = t;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
function makeContext(objects) {
  const byKind = new Map();
  for (const o of objects) {
    if (!byKind.has(o.kind)) byKind.set(o.kind, []);
    byKind.get(o.kind).push(o);
  }
  return {
    all: (kind) => byKind.get(kind) ?? [],
    get: (kind, name) => (byKind.get(kind) ?? []).find((o) => o.metadata?.name === name),
    mongoSecrets: [],
    brokerSecrets: [],
    brokerAdminSecret: undefined,
    brokerEndpoint: undefined,
    busKeySecrets: new Set(),
    commandKeySecrets: new Set(),
    tokenRefs: new Set(),
  };
}

const summary = [];
let passed = 0;
let total = args.length + 1 + failedSteps.length;
for (const step of failedSteps) summary.push(`FAIL ${step}: see the error above`);
{
  const before = failures;
  checkRepoFiles();
  const ok = failures === before;
  if (ok) passed++;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} repository files: copies of the alert rules, mosquitto.conf, mongodb-users.js, service-roles.json and the broker scripts, values documented${ok ? '' : `, ${failures - before} failures`}`);
}
for (const spec of args) {
  const [label, rest] = spec.split(/=(.*)/s);
  const [file, flagText = ''] = rest.split(':');
  const flags = new Set(flagText.split(',').filter(Boolean));
  const before = failures;
  const objects = [];
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' });
  for (const doc of docs) {
    if (doc.errors.length) fail(label, `YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    const o = doc.toJS();
    if (o && typeof o === 'object') objects.push(o);
  }
  const ctx = makeContext(objects);
  const kinds = {};
  for (const o of objects) {
    const where = `${label} ${o.kind}/${o.metadata?.name}`;
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      fail(where, 'apiVersion, kind and metadata.name are required');
      continue;
    }
    if (!schemaCheck(o, where)) crdCheck(o, where, ctx);
    checkObject(o, where, flags, ctx);
    kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
  }
  if (!objects.length) fail(label, 'the render is empty');
  else checkRender(ctx, label, flags);
  const ok = failures === before;
  if (ok) passed++;
  const kindText = Object.entries(kinds).sort().map(([k, n]) => `${k} ${n}`).join(', ');
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${objects.length} objects validated (${kindText})${ok ? '' : `, ${failures - before} failures`}`);
}
console.log(summary.join('\n'));
console.log(`${passed} passed, ${total - passed} failed${failures ? ` (${failures} failures in total)` : ''}`);
process.exit(failures ? 1 : 0);
