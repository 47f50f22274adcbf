import type { KubeObject } from '../objects';
import { podGroups, scalingProblems, selectorProblems } from '../wiring-rules';
import { configMap, deployment, hpa, networkPolicy, pdb, service, serviceContainer } from './kube-fixtures';

const job = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'job' }] } } },
});

const mongodb: KubeObject = {
  apiVersion: 'mongodbcommunity.mongodb.com/v1',
  kind: 'MongoDBCommunity',
  metadata: { name: 'mongodb' },
  spec: { members: 3 },
};

const serviceMonitor = (selector: object, endpoints?: object[]): KubeObject => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'cart-service' },
  spec: { selector, ...(endpoints ? { endpoints } : {}) },
});

const ingress = (rules: object[]): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'shop' },
  spec: { rules },
});

describe('podGroups', () => {
  it('runs at least the HPA minimum, else spec.replicas, else one replica; jobs have no minimum', () => {
    const groups = podGroups([
      deployment('scaled', { replicas: 4 }),
      hpa('scaled', 'scaled', 2, 5),
      deployment('fixed', { replicas: 3 }),
      deployment('default'),
      job('migrate', { app: 'migrate' }),
    ]);
    expect(groups.map(({ name, minReplicas }) => [name, minReplicas])).toEqual([
      ['scaled', 2],
      ['fixed', 3],
      ['default', 1],
      ['migrate', undefined],
    ]);
  });

  it("counts the MongoDB operator's members, labelled app: <name>-svc on 27017", () => {
    expect(podGroups([mongodb])).toEqual([
      {
        owner: 'MongoDBCommunity/mongodb',
        labels: { app: 'mongodb-svc' },
        ports: [{ containerPort: 27017 }],
        minReplicas: 3,
        kind: 'MongoDBCommunity',
        name: 'mongodb',
      },
    ]);
  });

  it('collects no ports from containers that declare none, or from a pod without containers', () => {
    expect(podGroups([job('migrate', { app: 'migrate' })])[0].ports).toEqual([]);
    expect(podGroups([deployment('empty', { pod: { containers: undefined } })])[0].ports).toEqual([]);
  });
});

describe('selectorProblems', () => {
  const cart = deployment('cart-service');

  it('accepts a Service, PDB, NetworkPolicy, HPA, ServiceMonitor and Ingress that all find their targets', () => {
    const rendered = [
      configMap('cart-service-env', { PORT: '3000' }),
      cart,
      service('cart-service', { app: 'cart-service' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
      service('mongodb-svc', { app: 'mongodb-svc' }, [{ name: 'mongodb', port: 27017 }]),
      mongodb,
      pdb('cart-service', { matchLabels: { app: 'cart-service' } }, { maxUnavailable: 1 }),
      networkPolicy('cart-service', { podSelector: { matchLabels: { app: 'cart-service' } } }),
      hpa('cart-service', 'cart-service', 2, 4),
      serviceMonitor({ matchLabels: { app: 'cart-service' } }, [{ port: 'http' }]),
      ingress([
        {
          http: {
            paths: [{ path: '/api/v1/carts', backend: { service: { name: 'cart-service', port: { name: 'http' } } } }],
          },
        },
        { http: { paths: [{ path: '/db', backend: { service: { name: 'mongodb-svc', port: { number: 27017 } } } }] } },
        { host: 'no-http.example' },
      ]),
    ];
    expect(selectorProblems(rendered)).toEqual([]);
  });

  it('reports a Deployment whose selector misses its own pod template', () => {
    const broken = deployment('cart-service');
    broken.spec.selector = { matchLabels: { app: 'cart' } };
    expect(selectorProblems([broken])).toEqual([
      'Deployment/cart-service: selector does not match its own pod template',
    ]);
  });

  it('reports a Service selecting nothing', () => {
    expect(selectorProblems([cart, service('cart', { app: 'cart' }, [{ port: 80, targetPort: 3000 }])])).toEqual([
      'Service/cart: selects no pods',
    ]);
  });

  it('does not count one-off Job pods as endpoints of a Service or a PDB', () => {
    const rendered = [
      job('seed', { app: 'seed' }),
      service('seed', { app: 'seed' }, [{ port: 80 }]),
      pdb('seed', { matchLabels: { app: 'seed' } }, { maxUnavailable: 1 }),
    ];
    expect(selectorProblems(rendered)).toEqual([
      'Service/seed: selects no pods',
      'PodDisruptionBudget/seed: selects no pods',
    ]);
  });

  it('reports Service ports that are not ports of the selected pods, by name or by number', () => {
    const rendered = [
      cart,
      service('cart-service', { app: 'cart-service' }, [
        { name: 'http', port: 80, targetPort: 'web' },
        { name: 'metrics', port: 9100 },
        { name: 'direct', port: 3000 },
      ]),
    ];
    expect(selectorProblems(rendered)).toEqual([
      'Service/cart-service: targetPort web is not a port of Deployment/cart-service',
      // Without targetPort the Service forwards to its own port number, so that is what the pods must have.
      'Service/cart-service: targetPort 9100 is not a port of Deployment/cart-service',
    ]);
  });

  it('accepts a Service without ports as long as it selects pods', () => {
    const headless: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart' },
      spec: { selector: { app: 'cart-service' } },
    };
    expect(selectorProblems([cart, headless])).toEqual([]);
  });

  it('reports a NetworkPolicy whose podSelector selects no pods (jobs count: policies apply to them too)', () => {
    const rendered = [
      job('backup', { app: 'backup' }),
      networkPolicy('backup', { podSelector: { matchLabels: { app: 'backup' } } }),
      networkPolicy('typo', { podSelector: { matchLabels: { app: 'cart-servce' } } }),
    ];
    expect(selectorProblems(rendered)).toEqual(['NetworkPolicy/typo: podSelector selects no pods']);
  });

  it('reports an HPA scaling a Deployment the release does not render', () => {
    expect(selectorProblems([cart, hpa('cart-service', 'cart', 1, 2)])).toEqual([
      'HorizontalPodAutoscaler/cart-service: scales Deployment/cart, which is not rendered',
    ]);
  });

  it('reports a ServiceMonitor that selects no Service, or names a port the Service does not have', () => {
    const unlabelled: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'plain' },
      spec: { selector: { app: 'cart-service' } },
    };
    expect(
      selectorProblems([
        cart,
        unlabelled,
        serviceMonitor({ matchLabels: { app: 'cart-service' } }, [{ port: 'http' }]),
      ]),
    ).toEqual([
      'ServiceMonitor/cart-service: selects no Service',
      'ServiceMonitor/cart-service: endpoint port http is not a named port of the selected Service',
    ]);
    const unnamed = service('cart-service', { app: 'cart-service' }, [{ port: 80, targetPort: 'http' }]);
    expect(
      selectorProblems([
        cart,
        unnamed,
        serviceMonitor({ matchLabels: { app: 'cart-service' } }, [{ port: 'metrics' }]),
      ]),
    ).toEqual(['ServiceMonitor/cart-service: endpoint port metrics is not a named port of the selected Service']);
    const portless = { ...unlabelled, metadata: { name: 'portless', labels: { app: 'cart-service' } } };
    expect(selectorProblems([cart, portless, serviceMonitor({ matchLabels: { app: 'cart-service' } })])).toEqual([]);
    expect(
      selectorProblems([cart, portless, serviceMonitor({ matchLabels: { app: 'cart-service' } }, [{ port: 'http' }])]),
    ).toEqual(['ServiceMonitor/cart-service: endpoint port http is not a named port of the selected Service']);
  });

  it('reports Ingress paths to a missing Service or a port it does not have, by name or number', () => {
    const rendered = [
      cart,
      service('cart-service', { app: 'cart-service' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
      ingress([
        {
          http: {
            paths: [
              { path: '/api/v1/carts', backend: { service: { name: 'cart-service', port: { name: 'web' } } } },
              { path: '/api/v1/cart', backend: { service: { name: 'cart-service', port: { number: 8080 } } } },
              { path: '/api/v1/orders', backend: { service: { name: 'order-service', port: { number: 80 } } } },
            ],
          },
        },
      ]),
    ];
    expect(selectorProblems(rendered)).toEqual([
      'Ingress/shop: path /api/v1/carts goes to cart-service:web, which does not exist',
      'Ingress/shop: path /api/v1/cart goes to cart-service:8080, which does not exist',
      'Ingress/shop: path /api/v1/orders goes to order-service:80, which does not exist',
    ]);
  });

  it('accepts an Ingress without rules (a default backend only)', () => {
    const defaultOnly: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop' },
      spec: {},
    };
    expect(selectorProblems([defaultOnly])).toEqual([]);
  });
});

describe('scalingProblems', () => {
  it('accepts an HPA within bounds on a Deployment without fixed replicas, and a PDB that lets one pod go', () => {
    const rendered = [
      deployment('cart-service', { containers: [serviceContainer()] }),
      hpa('cart-service', 'cart-service', 2, 4),
      pdb('cart-service', { matchLabels: { app: 'cart-service' } }, { maxUnavailable: 1 }),
    ];
    expect(scalingProblems(rendered)).toEqual([]);
  });

  it('reports an HPA with min > max, counting an unset minimum as 1', () => {
    expect(scalingProblems([deployment('cart-service'), hpa('cart-service', 'cart-service', 5, 3)])).toEqual([
      'HorizontalPodAutoscaler/cart-service: minReplicas 5 > maxReplicas 3',
    ]);
    expect(scalingProblems([deployment('cart-service'), hpa('cart-service', 'cart-service', undefined, 0)])).toEqual([
      'HorizontalPodAutoscaler/cart-service: minReplicas 1 > maxReplicas 0',
    ]);
  });

  it('reports a Deployment that sets replicas while an HPA scales it', () => {
    expect(
      scalingProblems([deployment('cart-service', { replicas: 2 }), hpa('cart-service', 'cart-service', 2, 4)]),
    ).toEqual([
      'HorizontalPodAutoscaler/cart-service: Deployment/cart-service also sets replicas, which every upgrade would reset',
    ]);
  });

  it('says nothing of the replicas of an HPA target that is not rendered (selectorProblems reports it)', () => {
    expect(scalingProblems([hpa('cart-service', 'cart', 1, 2)])).toEqual([]);
  });

  it('reports a PDB that blocks every drain, by minAvailable or by maxUnavailable 0', () => {
    const selector = { matchLabels: { app: 'cart-service' } };
    expect(
      scalingProblems([
        deployment('cart-service', { replicas: 2 }),
        pdb('cart-service', selector, { minAvailable: 2 }),
      ]),
    ).toEqual(['PodDisruptionBudget/cart-service: minAvailable 2 with 2 replica(s) blocks every drain']);
    expect(scalingProblems([deployment('cart-service'), pdb('cart-service', selector, { maxUnavailable: 0 })])).toEqual(
      ['PodDisruptionBudget/cart-service: maxUnavailable 0 blocks every drain'],
    );
    expect(
      scalingProblems([
        deployment('cart-service', { replicas: 3 }),
        pdb('cart-service', selector, { minAvailable: 2 }),
      ]),
    ).toEqual([]);
  });

  it('reports a PDB that lets a drain take every replica, but not for a single replica', () => {
    const selector = { matchLabels: { app: 'cart-service' } };
    expect(
      scalingProblems([
        deployment('cart-service', { replicas: 3 }),
        pdb('cart-service', selector, { maxUnavailable: 3 }),
      ]),
    ).toEqual(['PodDisruptionBudget/cart-service: maxUnavailable 3 lets a drain take all 3 replicas']);
    expect(scalingProblems([deployment('cart-service'), pdb('cart-service', selector, { maxUnavailable: 1 })])).toEqual(
      [],
    );
  });

  it("judges a MongoDB PDB against the operator's members, and ignores PDBs over jobs or nothing", () => {
    expect(
      scalingProblems([mongodb, pdb('mongodb', { matchLabels: { app: 'mongodb-svc' } }, { minAvailable: 3 })]),
    ).toEqual(['PodDisruptionBudget/mongodb: minAvailable 3 with 3 replica(s) blocks every drain']);
    expect(
      scalingProblems([
        job('seed', { app: 'seed' }),
        pdb('seed', { matchLabels: { app: 'seed' } }, { maxUnavailable: 0 }),
      ]),
    ).toEqual([]);
  });
});
