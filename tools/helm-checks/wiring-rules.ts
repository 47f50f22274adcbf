import { envoyProxiesOf, envoyProxyProblems } from './envoy-gateway';
import { describe, isWorkload, podTemplateOf, selects, type KubeObject, type Labels, type Json } from './objects';

/**
 * Pods a render will run: its workloads, plus the members the MongoDB operator creates for a MongoDBCommunity and
 * the waypoint pods Istio creates for a waypoint Gateway, and the Envoy proxies Envoy Gateway creates for a Gateway
 * with an EnvoyProxy (envoy-gateway.ts).
 */
interface PodGroup {
  owner: string;
  labels: Labels;
  /** Container ports by name and number. */
  ports: { name?: string; containerPort: number }[];
  /** Replicas it runs at least (HPA minimum, spec.replicas or members); undefined for jobs. */
  minReplicas?: number;
  kind: string;
  name: string;
}

export function podGroups(rendered: KubeObject[]): PodGroup[] {
  const hpaMin = (name: string) =>
    rendered.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === name)?.spec.minReplicas;
  const proxies = envoyProxiesOf(rendered).map(({ gateway, labels, ports, replicas }): PodGroup => ({
    owner: `Gateway/${gateway}`,
    labels,
    ports,
    minReplicas: replicas,
    kind: 'Deployment',
    name: gateway,
  }));
  const groups = rendered.flatMap((object): PodGroup[] => {
    if (object.kind === 'MongoDBCommunity') {
      // The operator labels every member `app: <name>-svc` and serves on 27017 (its documented contract).
      const labels = { app: `${object.metadata.name}-svc` };
      const ports = [{ containerPort: 27017 }];
      return [
        {
          owner: describe(object),
          labels,
          ports,
          minReplicas: object.spec.members,
          kind: 'MongoDBCommunity',
          name: object.metadata.name,
        },
      ];
    }
    if (object.kind === 'Gateway' && object.spec.gatewayClassName === 'istio-waypoint') {
      // Istio deploys a waypoint's pods itself, labelled with the Gateway's name; they take HBONE on 15008.
      const labels = { 'gateway.networking.k8s.io/gateway-name': object.metadata.name };
      return [
        {
          owner: describe(object),
          labels,
          ports: [{ containerPort: 15008 }],
          kind: 'Gateway',
          name: object.metadata.name,
        },
      ];
    }
    const template = podTemplateOf(object);
    if (!template) return [];
    const ports = (template.spec.containers ?? []).flatMap((c: Json) => c.ports ?? []);
    const replicas = isWorkload(object) ? (hpaMin(object.metadata.name) ?? object.spec.replicas ?? 1) : undefined;
    return [
      {
        owner: describe(object),
        labels: template.labels,
        ports,
        minReplicas: replicas,
        kind: object.kind,
        name: object.metadata.name,
      },
    ];
  });
  return [...groups, ...proxies];
}

const portResolves = (group: PodGroup, port: string | number) =>
  group.ports.some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));

/**
 * Every selector selects the pods it is for: a Deployment its template, a Service and a PDB some running
 * pods (and the Service's target port exists on them), a NetworkPolicy some pods, an HPA an existing
 * Deployment, a ServiceMonitor a Service by a port it has, an Ingress a Service port. A mismatch here is
 * an outage no template error shows: a Service without endpoints, a PDB that protects nothing.
 */
export function selectorProblems(rendered: KubeObject[]): string[] {
  const groups = podGroups(rendered);
  const long = groups.filter((g) => !['Pod', 'Job', 'CronJob', 'AnalysisTemplate'].includes(g.kind));
  // The Services a controller creates count as targets (an Ingress to the edge-gateway Service), not as rendered ones.
  const services = [
    ...rendered.filter((o) => o.kind === 'Service'),
    ...envoyProxiesOf(rendered).map((proxies) => proxies.service),
  ];
  const problems: string[] = [...envoyProxyProblems(rendered)];
  for (const object of rendered) {
    const where = describe(object);
    const spec = object.spec ?? {};
    if (isWorkload(object) && !selects(spec.selector, podTemplateOf(object)!.labels))
      problems.push(`${where}: selector does not match its own pod template`);
    if (object.kind === 'Service') {
      const targets = long.filter((g) => selects(spec.selector, g.labels));
      if (targets.length === 0) problems.push(`${where}: selects no pods`);
      for (const port of spec.ports ?? []) {
        // Without targetPort a Service forwards to its own port number, so that is the port the pods must have.
        const targetPort = port.targetPort ?? port.port;
        for (const group of targets)
          if (!portResolves(group, targetPort))
            problems.push(`${where}: targetPort ${targetPort} is not a port of ${group.owner}`);
      }
    }
    if (object.kind === 'PodDisruptionBudget' && !long.some((g) => selects(spec.selector, g.labels)))
      problems.push(`${where}: selects no pods`);
    if (object.kind === 'NetworkPolicy' && !groups.some((g) => selects(spec.podSelector, g.labels)))
      problems.push(`${where}: podSelector selects no pods`);
    if (object.kind === 'HorizontalPodAutoscaler') {
      const { kind, name } = spec.scaleTargetRef;
      if (!rendered.some((o) => o.kind === kind && o.metadata.name === name))
        problems.push(`${where}: scales ${kind}/${name}, which is not rendered`);
    }
    if (object.kind === 'ServiceMonitor') {
      const matched = services.filter((s) => selects(spec.selector, s.metadata.labels ?? {}));
      if (matched.length === 0) problems.push(`${where}: selects no Service`);
      for (const endpoint of spec.endpoints ?? [])
        if (!matched.some((s) => (s.spec.ports ?? []).some((p: Json) => p.name === endpoint.port)))
          problems.push(`${where}: endpoint port ${endpoint.port} is not a named port of the selected Service`);
    }
    if (object.kind === 'Ingress')
      for (const rule of spec.rules ?? [])
        for (const path of rule.http?.paths ?? []) {
          const { name, port } = path.backend.service;
          const service = services.find((s) => s.metadata.name === name);
          const found = (service?.spec.ports ?? []).some(
            (p: Json) => (port.name !== undefined && p.name === port.name) || p.port === port.number,
          );
          if (!found)
            problems.push(
              `${where}: path ${path.path} goes to ${name}:${port.name ?? port.number}, which does not exist`,
            );
        }
  }
  return problems;
}

/**
 * Autoscaling and disruption budgets agree with the replica counts: min <= max, no fixed replicas fighting
 * the HPA, and a PDB that neither blocks every drain (minAvailable >= replicas, maxUnavailable 0) nor
 * protects nothing (maxUnavailable >= replicas when there are several).
 */
export function scalingProblems(rendered: KubeObject[]): string[] {
  const problems: string[] = [];
  const groups = podGroups(rendered);
  for (const object of rendered) {
    const where = describe(object);
    if (object.kind === 'HorizontalPodAutoscaler') {
      const { minReplicas = 1, maxReplicas, scaleTargetRef } = object.spec;
      if (minReplicas > maxReplicas) problems.push(`${where}: minReplicas ${minReplicas} > maxReplicas ${maxReplicas}`);
      const target = rendered.find(
        (o) => isWorkload(o) && o.kind === scaleTargetRef.kind && o.metadata.name === scaleTargetRef.name,
      );
      if (target?.spec.replicas !== undefined)
        problems.push(`${where}: ${describe(target)} also sets replicas, which every upgrade would reset`);
    }
    if (object.kind === 'PodDisruptionBudget') {
      const group = groups.find((g) => g.minReplicas !== undefined && selects(object.spec.selector, g.labels));
      if (!group) continue;
      const replicas = group.minReplicas as number;
      const { minAvailable, maxUnavailable } = object.spec;
      if (typeof minAvailable === 'number' && minAvailable >= replicas)
        problems.push(`${where}: minAvailable ${minAvailable} with ${replicas} replica(s) blocks every drain`);
      if (maxUnavailable === 0) problems.push(`${where}: maxUnavailable 0 blocks every drain`);
      if (typeof maxUnavailable === 'number' && replicas > 1 && maxUnavailable >= replicas)
        problems.push(`${where}: maxUnavailable ${maxUnavailable} lets a drain take all ${replicas} replicas`);
    }
  }
  return problems;
}

/** The API group each kind an HPA may scale lives in. */
const SCALE_TARGET_API: Record<string, string> = { Deployment: 'apps/v1', Rollout: 'argoproj.io/v1alpha1' };

/**
 * A blue-green Rollout is wired as the controller needs it, or it never progresses: its active and preview
 * Services exist, differ and select its pods on a port they have; its pre-promotion analysis names a rendered
 * AnalysisTemplate and gives every argument the template declares without a value (and no other); an HPA scaling
 * it names the argoproj.io API. Checked on the rendered objects because no schema can say any of it.
 */
export function rolloutProblems(rendered: KubeObject[]): string[] {
  const problems: string[] = [];
  for (const object of rendered) {
    const where = describe(object);
    if (object.kind === 'HorizontalPodAutoscaler') {
      const { apiVersion, kind } = object.spec.scaleTargetRef;
      if (SCALE_TARGET_API[kind] && apiVersion !== SCALE_TARGET_API[kind])
        problems.push(`${where}: scales a ${kind} through ${apiVersion}, expected ${SCALE_TARGET_API[kind]}`);
    }
    if (object.kind !== 'Rollout') continue;
    const blueGreen = object.spec.strategy?.blueGreen;
    if (!blueGreen) {
      problems.push(`${where}: no blueGreen strategy`);
      continue;
    }
    const labels = podTemplateOf(object)!.labels;
    const services = [blueGreen.activeService, blueGreen.previewService];
    if (services[0] === services[1]) problems.push(`${where}: active and preview Service are both ${services[0]}`);
    for (const name of services) {
      const service = rendered.find((o) => o.kind === 'Service' && o.metadata.name === name);
      if (!service) problems.push(`${where}: Service ${name} is not rendered`);
      else if (!selects(service.spec.selector, labels))
        problems.push(`${where}: Service ${name} does not select its pods`);
    }
    const analysis = blueGreen.prePromotionAnalysis;
    if (!analysis) continue;
    const given = new Set<string>((analysis.args ?? []).map((arg: Json) => arg.name));
    for (const { templateName } of analysis.templates ?? []) {
      const template = rendered.find((o) => o.kind === 'AnalysisTemplate' && o.metadata.name === templateName);
      if (!template) {
        problems.push(`${where}: AnalysisTemplate ${templateName} is not rendered`);
        continue;
      }
      const declared: Json[] = template.spec.args ?? [];
      for (const arg of declared)
        if (arg.value === undefined && arg.valueFrom === undefined && !given.has(arg.name))
          problems.push(`${where}: AnalysisTemplate ${templateName} needs argument ${arg.name}, which it is not given`);
      for (const name of given)
        if (!declared.some((arg) => arg.name === name))
          problems.push(`${where}: gives argument ${name}, which AnalysisTemplate ${templateName} does not declare`);
    }
  }
  return problems;
}
