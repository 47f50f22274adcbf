import type { KubeObject, Labels, Json } from './objects';

/**
 * The flows a set of rendered NetworkPolicies allows, one readable line each:
 *   `in  product-service@ecommerce <- cart-service@ecommerce 3000/TCP`
 *   `out cart-service@ecommerce -> mongodb-svc@database 27017/TCP`
 * Pods are named by their app label, peers by pod and namespace, address ranges by what they are (the
 * caller names the stack's CIDRs). Compared with the table in docs/helm/network-flows.md.
 */
// Gateway API controllers (Istio's waypoint, Envoy Gateway's proxies) label their pods with the Gateway's name;
// Envoy Gateway's own controller is control-plane=envoy-gateway.
const NAME_KEYS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'gateway.networking.k8s.io/gateway-name',
  'control-plane',
];

/** Address ranges every stack has: Istio ambient sends the kubelet's probes from this link-local address. */
const WELL_KNOWN_CIDRS: Record<string, string> = { '169.254.7.127/32': 'kubelet probes' };

function podNames(selector: Json): string[] {
  const labels: Labels = selector?.matchLabels ?? {};
  const key = NAME_KEYS.find((candidate) => labels[candidate] !== undefined);
  if (key) return [labels[key]];
  const expression = (selector?.matchExpressions ?? []).find(
    (e: Json) => NAME_KEYS.includes(e.key) && e.operator === 'In',
  );
  return expression ? expression.values : ['all pods'];
}

function peers(peer: Json, namespace: string, cidrNames: Record<string, string>): string[] {
  if (peer.ipBlock)
    return [cidrNames[peer.ipBlock.cidr] ?? WELL_KNOWN_CIDRS[peer.ipBlock.cidr] ?? `cidr ${peer.ipBlock.cidr}`];
  const ns =
    peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ??
    (peer.namespaceSelector ? 'any namespace' : namespace);
  if (!peer.podSelector) return [`namespace ${ns}`];
  return podNames(peer.podSelector).map((name) => `${name}@${ns}`);
}

const ports = (rule: Json): string[] =>
  rule.ports ? rule.ports.map((p: Json) => `${p.port ?? 'any'}/${p.protocol ?? 'TCP'}`) : ['any port'];

export function allowedFlows(rendered: KubeObject[], namespace: string, cidrNames: Record<string, string>): string[] {
  const flows = new Set<string>();
  for (const policy of rendered.filter((o) => o.kind === 'NetworkPolicy')) {
    const ns = policy.metadata.namespace ?? namespace;
    for (const target of podNames(policy.spec.podSelector).map((name) => `${name}@${ns}`)) {
      for (const rule of policy.spec.ingress ?? [])
        for (const from of rule.from ? rule.from.flatMap((p: Json) => peers(p, ns, cidrNames)) : ['anywhere'])
          for (const port of ports(rule)) flows.add(`in ${target} <- ${from} ${port}`);
      for (const rule of policy.spec.egress ?? [])
        for (const to of rule.to ? rule.to.flatMap((p: Json) => peers(p, ns, cidrNames)) : ['anywhere'])
          for (const port of ports(rule)) flows.add(`out ${target} -> ${to} ${port}`);
      if (!(policy.spec.policyTypes ?? []).includes('Egress')) flows.add(`out ${target} -> anywhere any port`);
    }
  }
  return [...flows].sort();
}

/**
 * The flows documented in a markdown table with columns `direction | pods | peer | port`, expanded the same
 * way (a cell may list several peers or ports separated by commas).
 */
export function documentedFlows(markdown: string): string[] {
  const flows = new Set<string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim().replace(/`/g, ''));
    if (cells.length < 6 || !['in', 'out'].includes(cells[1])) continue;
    const [, direction, pods, peerCell, portCell] = cells;
    for (const peer of peerCell.split(',').map((p) => p.trim()))
      for (const port of portCell.split(',').map((p) => p.trim()))
        flows.add(direction === 'in' ? `in ${pods} <- ${peer} ${port}` : `out ${pods} -> ${peer} ${port}`);
  }
  return [...flows].sort();
}
