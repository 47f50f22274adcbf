import type { Json, KubeObject } from '../objects';

/**
 * Small hand-written objects shaped like what the charts render, each valid for the rules by default so a
 * test changes only the one thing it is about.
 */
export const restricted = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
  capabilities: { drop: ['ALL'] },
};

/** A service container that meets "restricted" and the probe contract on port 3000 (named `http`). */
export function serviceContainer(overrides: Json = {}): Json {
  return {
    name: 'app',
    image: 'registry.example/app@sha256:0',
    ports: [{ name: 'http', containerPort: 3000 }],
    env: [{ name: 'PORT', value: '3000' }],
    securityContext: restricted,
    startupProbe: { httpGet: { path: '/health/live', port: 'http' } },
    livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
    readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } },
    ...overrides,
  };
}

export function deployment(
  name: string,
  options: { containers?: Json[]; replicas?: number; labels?: Record<string, string>; pod?: Json } = {},
): KubeObject {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: options.containers ?? [serviceContainer()], ...options.pod },
      },
    },
  };
}

export function service(name: string, selector: Record<string, string>, ports: Json[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec: { selector, ports },
  };
}

export function hpa(name: string, target: string, minReplicas: number | undefined, maxReplicas: number): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      ...(minReplicas === undefined ? {} : { minReplicas }),
      maxReplicas,
    },
  };
}

export function pdb(
  name: string,
  selector: Json,
  budget: { minAvailable?: number; maxUnavailable?: number },
): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { selector, ...budget },
  };
}

export function networkPolicy(name: string, spec: Json, namespace?: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec,
  };
}

export function configMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

/** A blue-green Rollout of the given pods (a Deployment's template), with its two Services and an analysis. */
export function rollout(name: string, options: { replicas?: number; blueGreen?: Json } = {}): KubeObject {
  const { spec } = deployment(name, { replicas: options.replicas });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      ...spec,
      strategy: {
        blueGreen: options.blueGreen ?? {
          activeService: name,
          previewService: `${name}-preview`,
          autoPromotionEnabled: false,
          prePromotionAnalysis: {
            templates: [{ templateName: `${name}-analysis` }],
            args: [{ name: 'preview-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
          },
        },
      },
    },
  };
}

/** An AnalysisTemplate whose one job metric runs a restricted pod labelled `app: <name>-analysis`. */
export function analysisTemplate(name: string, args: Json[] = [{ name: 'preview-hash' }]): KubeObject {
  const labels = { app: `${name}-analysis` };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: `${name}-analysis` },
    spec: {
      args,
      metrics: [
        { name: 'up', provider: { prometheus: { address: 'http://prometheus:9090', query: 'up' } } },
        {
          name: 'smoke',
          provider: {
            job: {
              spec: {
                template: {
                  metadata: { labels },
                  spec: {
                    restartPolicy: 'Never',
                    containers: [
                      { name: 'smoke', image: 'registry.example/app@sha256:0', securityContext: restricted },
                    ],
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}
