import { describe as describeObject, podTemplateOf, selects, type KubeObject } from '../objects';

describe('describe', () => {
  it('names an object by kind and name, with ? when the name is missing', () => {
    expect(describeObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart' } })).toBe('Service/cart');
    expect(describeObject({ apiVersion: 'v1', kind: 'Service' } as KubeObject)).toBe('Service/?');
  });
});

describe('podTemplateOf', () => {
  const podSpec = { containers: [{ name: 'app' }] };

  it('reads a bare Pod from its own spec and labels, and no labels as none', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'test' }, spec: podSpec };
    expect(podTemplateOf(pod)).toEqual({ spec: podSpec, labels: {} });
    expect(podTemplateOf({ ...pod, metadata: { name: 'test', labels: { app: 'x' } } })?.labels).toEqual({ app: 'x' });
  });

  it('reads a workload template without metadata as unlabelled pods', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: podSpec } },
    };
    expect(podTemplateOf(job)).toEqual({ spec: podSpec, labels: {} });
  });

  it("reads a CronJob's pods through its job template, labelled or not", () => {
    const cronJob = (template: object) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup' },
      spec: { jobTemplate: { spec: { template } } },
    });
    expect(podTemplateOf(cronJob({ spec: podSpec }))).toEqual({ spec: podSpec, labels: {} });
    expect(podTemplateOf(cronJob({ metadata: { labels: { app: 'backup' } }, spec: podSpec }))?.labels).toEqual({
      app: 'backup',
    });
  });

  it('has nothing for objects that run no pods', () => {
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'env' } })).toBeUndefined();
  });
});

describe('selects', () => {
  const labels = { app: 'cart', tier: 'api' };

  it('selects nothing without a selector', () => {
    expect(selects(undefined, labels)).toBe(false);
  });

  it('reads a plain label map (a Service selector) as matchLabels', () => {
    expect(selects({ app: 'cart' }, labels)).toBe(true);
    expect(selects({ app: 'order' }, labels)).toBe(false);
  });

  it('applies In, NotIn, Exists and DoesNotExist expressions without matchLabels', () => {
    const expression = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'app', operator, values }],
    });
    expect(selects(expression('In', ['cart', 'order']), labels)).toBe(true);
    expect(selects(expression('In', ['order']), labels)).toBe(false);
    expect(selects(expression('NotIn', ['order']), labels)).toBe(true);
    expect(selects(expression('NotIn', ['cart']), labels)).toBe(false);
    expect(selects(expression('Exists'), labels)).toBe(true);
    expect(selects(expression('Exists'), {})).toBe(false);
    expect(selects(expression('DoesNotExist'), labels)).toBe(false);
    expect(selects(expression('DoesNotExist'), { tier: 'api' })).toBe(true);
  });

  it('needs both matchLabels and matchExpressions to hold', () => {
    const selector = {
      matchLabels: { tier: 'api' },
      matchExpressions: [{ key: 'app', operator: 'In', values: ['order'] }],
    };
    expect(selects(selector, labels)).toBe(false);
    expect(selects(selector, { ...labels, app: 'order' })).toBe(true);
  });

  it('an empty selector selects every pod, as in Kubernetes', () => {
    expect(selects({ matchLabels: {} }, labels)).toBe(true);
  });
});
