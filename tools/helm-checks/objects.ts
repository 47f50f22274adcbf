/** Rendered objects are arbitrary JSON; the schemas check their shape, the rules read what they need. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

/** A rendered Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: Json };
  [key: string]: Json;
}

export type Labels = Record<string, string>;

export const describe = (object: KubeObject): string => `${object.kind}/${object.metadata?.name ?? '?'}`;

/** Kinds that keep pods running: a Deployment, or an Argo Rollouts Rollout (the same pods, released blue-green). */
export const isWorkload = (object: KubeObject): boolean => object.kind === 'Deployment' || object.kind === 'Rollout';

/** The pod spec and pod labels of anything that runs pods. */
export function podTemplateOf(object: KubeObject): { spec: KubeObject['spec']; labels: Labels } | undefined {
  switch (object.kind) {
    case 'Pod':
      return { spec: object.spec, labels: object.metadata.labels ?? {} };
    case 'Deployment':
    case 'Rollout':
    case 'StatefulSet':
    case 'Job':
      return { spec: object.spec.template.spec, labels: object.spec.template.metadata?.labels ?? {} };
    case 'AnalysisTemplate': {
      // The pods an analysis runs: the Job of its (first) job metric, created by the controller per analysis run.
      const job = (object.spec.metrics ?? []).find((metric: Json) => metric.provider?.job)?.provider.job;
      return job ? { spec: job.spec.template.spec, labels: job.spec.template.metadata?.labels ?? {} } : undefined;
    }
    case 'CronJob':
      return {
        spec: object.spec.jobTemplate.spec.template.spec,
        labels: object.spec.jobTemplate.spec.template.metadata?.labels ?? {},
      };
    default:
      return undefined;
  }
}

interface Selector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Whether a label selector (matchLabels and matchExpressions) selects a set of labels. */
export function selects(selector: Selector | Labels | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const full: Selector =
    'matchLabels' in selector || 'matchExpressions' in selector
      ? (selector as Selector)
      : { matchLabels: selector as Labels };
  const byLabels = Object.entries(full.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (full.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabels && byExpressions;
}
