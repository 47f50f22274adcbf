import { renderProblems } from '../check';
import { schemaProblems } from '../kube-schema';
import { isWorkload, podTemplateOf } from '../objects';
import { podGroups, rolloutProblems, scalingProblems, selectorProblems } from '../wiring-rules';
import { analysisTemplate, hpa, networkPolicy, rollout, service } from './kube-fixtures';

/** A release of one blue-green service: its Rollout, both Services and its analysis, all wired right. */
const release = (name = 'cart-service') => [
  rollout(name),
  service(name, { app: name }, [{ port: 3000, targetPort: 'http' }]),
  service(`${name}-preview`, { app: name }, [{ port: 3000, targetPort: 'http' }]),
  analysisTemplate(name),
];

describe('Argo Rollouts objects', () => {
  it('validate strictly against the pinned release’s schemas, the pod template against Kubernetes 1.33', () => {
    for (const object of release()) expect(schemaProblems(object)).toEqual([]);
    const misplaced = rollout('cart-service');
    misplaced.spec.strategy.blueGreen.autoPromote = true;
    misplaced.spec.template.spec.containers[0].readOnlyRootFileSystem = true;
    expect(schemaProblems(misplaced)).toEqual([
      'Rollout/cart-service: /spec/strategy/blueGreen must NOT have additional properties "autoPromote"',
      'Rollout/cart-service: /spec/template/spec/containers/0 must NOT have additional properties "readOnlyRootFileSystem"',
    ]);
    const template = analysisTemplate('cart-service');
    template.spec.metrics[0].provider.prometheus.query = 42;
    expect(schemaProblems(template)).toEqual([
      'AnalysisTemplate/cart-service-analysis: /spec/metrics/0/provider/prometheus/query must be string',
    ]);
  });

  it('run pods: a Rollout its template (a workload), an AnalysisTemplate the Job of its job metric', () => {
    expect(isWorkload(rollout('a'))).toBe(true);
    expect(isWorkload(analysisTemplate('a'))).toBe(false);
    expect(podTemplateOf(analysisTemplate('a'))?.labels).toEqual({ app: 'a-analysis' });
    const withoutJob = analysisTemplate('a');
    withoutJob.spec.metrics = [withoutJob.spec.metrics[0]];
    expect(podTemplateOf(withoutJob)).toBeUndefined();
    const groups = podGroups([rollout('a', { replicas: 3 }), analysisTemplate('a')]);
    expect(groups.map((g) => [g.kind, g.minReplicas])).toEqual([
      ['Rollout', 3],
      ['AnalysisTemplate', undefined],
    ]);
  });

  it('pass every rule when wired right, analysis pods checked for Pod Security like any other', () => {
    expect(renderProblems(release())).toEqual([]);
    const privileged = analysisTemplate('cart-service');
    privileged.spec.metrics[1].provider.job.spec.template.spec.containers[0].securityContext = {};
    expect(renderProblems([...release().slice(0, 3), privileged])).toContain(
      'AnalysisTemplate/cart-service-analysis container smoke: allowPrivilegeEscalation is not false',
    );
  });

  it('never count analysis pods as what a Service or a PDB protects, yet let NetworkPolicies select them', () => {
    const onlyAnalysis = service('lonely', { app: 'cart-service-analysis' }, [{ port: 3000 }]);
    const policy = networkPolicy('analysis', { podSelector: { matchLabels: { app: 'cart-service-analysis' } } });
    expect(selectorProblems([...release(), onlyAnalysis, policy])).toEqual(['Service/lonely: selects no pods']);
  });

  it('report a Rollout whose Services are missing, the same, or select other pods', () => {
    const [, active] = release();
    expect(rolloutProblems([rollout('cart-service'), active, analysisTemplate('cart-service')])).toEqual([
      'Rollout/cart-service: Service cart-service-preview is not rendered',
    ]);
    const same = rollout('cart-service', {
      blueGreen: { activeService: 'cart-service', previewService: 'cart-service' },
    });
    expect(rolloutProblems([same, active])).toEqual([
      'Rollout/cart-service: active and preview Service are both cart-service',
    ]);
    const elsewhere = service('cart-service-preview', { app: 'other' }, [{ port: 3000 }]);
    expect(rolloutProblems([rollout('cart-service'), active, elsewhere, analysisTemplate('cart-service')])).toEqual([
      'Rollout/cart-service: Service cart-service-preview does not select its pods',
    ]);
    const canary = rollout('cart-service');
    canary.spec.strategy = { canary: {} };
    expect(rolloutProblems([canary])).toEqual(['Rollout/cart-service: no blueGreen strategy']);
  });

  it('report an analysis that is not rendered, or whose arguments do not match the template', () => {
    const [ro, active, preview] = release();
    expect(rolloutProblems([ro, active, preview])).toEqual([
      'Rollout/cart-service: AnalysisTemplate cart-service-analysis is not rendered',
    ]);
    const needsMore = analysisTemplate('cart-service', [{ name: 'preview-hash' }, { name: 'preview-service' }]);
    expect(rolloutProblems([ro, active, preview, needsMore])).toEqual([
      'Rollout/cart-service: AnalysisTemplate cart-service-analysis needs argument preview-service, which it is not given',
    ]);
    const defaulted = analysisTemplate('cart-service', [{ name: 'preview-hash' }, { name: 'window', value: '2m' }]);
    expect(rolloutProblems([ro, active, preview, defaulted])).toEqual([]);
    const declaresNone = analysisTemplate('cart-service', []);
    expect(rolloutProblems([ro, active, preview, declaresNone])).toEqual([
      'Rollout/cart-service: gives argument preview-hash, which AnalysisTemplate cart-service-analysis does not declare',
    ]);
    const withoutAnalysis = rollout('cart-service', {
      blueGreen: { activeService: 'cart-service', previewService: 'cart-service-preview' },
    });
    expect(rolloutProblems([withoutAnalysis, active, preview])).toEqual([]);
  });

  it('report an HPA that scales a Rollout through the wrong API, or a Rollout with replicas it fights', () => {
    const scaler = hpa('cart-service', 'cart-service', 2, 4);
    scaler.spec.scaleTargetRef.kind = 'Rollout';
    expect(rolloutProblems([...release(), scaler])).toEqual([
      'HorizontalPodAutoscaler/cart-service: scales a Rollout through apps/v1, expected argoproj.io/v1alpha1',
    ]);
    scaler.spec.scaleTargetRef.apiVersion = 'argoproj.io/v1alpha1';
    expect(rolloutProblems([...release(), scaler])).toEqual([]);
    expect(selectorProblems([...release(), scaler])).toEqual([]);
    const fixed = [rollout('cart-service', { replicas: 2 }), ...release().slice(1), scaler];
    expect(scalingProblems(fixed)).toEqual([
      'HorizontalPodAutoscaler/cart-service: Rollout/cart-service also sets replicas, which every upgrade would reset',
    ]);
  });
});
