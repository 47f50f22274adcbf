import { renderProblems } from '../check';
import { schemaProblems } from '../kube-schema';
import { configMap, deployment, hpa, restricted, service } from './kube-fixtures';

describe('schemaProblems (Kubernetes 1.33, strict)', () => {
  it('accepts valid objects', () => {
    expect(schemaProblems(deployment('cart-service'))).toEqual([]);
    expect(schemaProblems(configMap('env', { PORT: '3000' }))).toEqual([]);
  });

  it('refuses a kind or API version Kubernetes 1.33 does not serve', () => {
    const legacy = { ...hpa('cart-service', 'cart-service', 1, 2), apiVersion: 'autoscaling/v2beta2' };
    expect(schemaProblems(legacy)).toEqual([
      'HorizontalPodAutoscaler/cart-service: no schema for autoscaling/v2beta2 HorizontalPodAutoscaler in Kubernetes 1.33 or the pinned CRDs',
    ]);
  });

  it('names an unknown (misplaced) field with its path, as strict field validation would', () => {
    const misplaced = deployment('cart-service');
    misplaced.spec.template.spec.replicas = 2;
    expect(schemaProblems(misplaced)).toEqual([
      'Deployment/cart-service: /spec/template/spec must NOT have additional properties "replicas"',
    ]);
  });

  it('names a wrong type at its path, and a stray top-level field at /', () => {
    const wrongType = service('cart-service', { app: 'cart-service' }, [{ port: 'eighty' }]);
    expect(schemaProblems(wrongType)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Service\/cart-service: \/spec\/ports\/0\/port must be integer/)]),
    );
    const stray = { ...configMap('env', {}), status: {} };
    expect(schemaProblems(stray)).toEqual(['ConfigMap/env: / must NOT have additional properties "status"']);
  });
});

describe('renderProblems', () => {
  it('reports the schema, pod security, probe, selector and scaling rules of a release together', () => {
    const cart = deployment('cart-service', { replicas: 2 });
    cart.spec.template.spec.containers[0].securityContext = { ...restricted, privileged: true };
    delete cart.spec.template.spec.containers[0].readinessProbe;
    cart.spec.paused = 'yes';
    const problems = renderProblems([
      cart,
      service('cart', { app: 'cart' }, [{ port: 80 }]),
      hpa('cart-service', 'cart-service', 3, 2),
    ]);
    expect(problems).toEqual([
      'Deployment/cart-service: /spec/paused must be boolean',
      'Deployment/cart-service container app: privileged',
      'Deployment/cart-service container app readinessProbe: missing or not an HTTP probe',
      'Service/cart: selects no pods',
      'HorizontalPodAutoscaler/cart-service: minReplicas 3 > maxReplicas 2',
      'HorizontalPodAutoscaler/cart-service: Deployment/cart-service also sets replicas, which every upgrade would reset',
    ]);
  });
});
