import { describe, isWorkload, podTemplateOf, type KubeObject, type Json } from './objects';

/**
 * The Pod Security Standard "restricted" (the level the `ecommerce` namespace enforces, and what the
 * database jobs meet too), checked on every pod a chart renders: a pod that breaks it is refused by the API
 * server at admission, after Helm has already started the release.
 */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP_ALLOWED = new Set(['RuntimeDefault', 'Localhost']);

function containerProblems(where: string, pod: Json, container: Json): string[] {
  const problems: string[] = [];
  const context = container.securityContext ?? {};
  const at = `${where} container ${container.name}`;
  if (context.privileged === true) problems.push(`${at}: privileged`);
  if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
  const runAsNonRoot = context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  if (runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
  if ((context.runAsUser ?? pod.securityContext?.runAsUser) === 0) problems.push(`${at}: runs as uid 0`);
  const seccomp = context.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
  if (!SECCOMP_ALLOWED.has(seccomp)) problems.push(`${at}: seccompProfile is ${seccomp ?? 'unset'}`);
  const drop: string[] = context.capabilities?.drop ?? [];
  if (!drop.includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
  const added = (context.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
  if (added.length > 0) problems.push(`${at}: adds capabilities ${added.join(', ')}`);
  for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${at}: uses hostPort ${port.hostPort}`);
  return problems;
}

/** Why a pod would be refused under "restricted", as readable lines; empty when it is admitted. */
export function podSecurityProblems(object: KubeObject): string[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const where = describe(object);
  const pod = template.spec;
  const problems: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (pod[field] === true) problems.push(`${where}: ${field}`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) problems.push(`${where}: volume ${volume.name} is ${type}`);
  }
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  return [...problems, ...containers.flatMap((container: Json) => containerProblems(where, pod, container))];
}

/** Where an HTTP probe points, resolved to a port number through the container's named ports. */
function probeTarget(container: Json, probe: Json): { port?: number; path?: string } {
  const get = probe?.httpGet;
  if (!get) return {};
  const port =
    typeof get.port === 'number'
      ? get.port
      : (container.ports ?? []).find((candidate: Json) => candidate.name === get.port)?.containerPort;
  return { port, path: get.path };
}

/** A container's environment variable, set directly or through a rendered ConfigMap in envFrom. */
function envValue(container: Json, name: string, rendered: KubeObject[]): string | undefined {
  const direct = (container.env ?? []).find((env: Json) => env.name === name);
  if (direct) return direct.value;
  for (const source of container.envFrom ?? []) {
    const map = rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name);
    if (map?.data?.[name] !== undefined) return map.data[name];
  }
  return undefined;
}

/**
 * The service containers' probes hit the runtime contract (startup and liveness /health/live, readiness
 * /health/ready) on a port the container declares, and that port is the one `PORT` says the app listens on.
 */
export function probeProblems(object: KubeObject, rendered: KubeObject[]): string[] {
  if (!isWorkload(object)) return [];
  const where = describe(object);
  return (podTemplateOf(object)?.spec.containers ?? []).flatMap((container: Json) => {
    const port = envValue(container, 'PORT', rendered);
    const expected: Record<string, string> = {
      startupProbe: '/health/live',
      livenessProbe: '/health/live',
      readinessProbe: '/health/ready',
    };
    return Object.entries(expected).flatMap(([probe, path]) => {
      const target = probeTarget(container, container[probe]);
      const at = `${where} container ${container.name} ${probe}`;
      if (target.path === undefined) return [`${at}: missing or not an HTTP probe`];
      const problems: string[] = [];
      if (target.path !== path) problems.push(`${at}: path ${target.path}, expected ${path}`);
      if (target.port === undefined) problems.push(`${at}: port ${container[probe].httpGet.port} is not declared`);
      else if (port === undefined) problems.push(`${at}: port ${target.port}, but PORT is not set`);
      else if (target.port !== Number(port))
        problems.push(`${at}: port ${target.port}, but the app listens on ${port}`);
      return problems;
    });
  });
}
