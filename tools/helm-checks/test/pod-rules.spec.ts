import { podSecurityProblems, probeProblems } from '../pod-rules';
import type { Json, KubeObject } from '../objects';
import { configMap, deployment, restricted, serviceContainer } from './kube-fixtures';

describe('podSecurityProblems (Pod Security Standard "restricted")', () => {
  const withContainer = (container: Json, pod: Json = {}) =>
    podSecurityProblems(deployment('cart-service', { containers: [container], pod }));

  it('admits the compliant service container', () => {
    expect(withContainer(serviceContainer())).toEqual([]);
  });

  it('ignores objects that run no pods', () => {
    expect(podSecurityProblems(configMap('env', {}))).toEqual([]);
  });

  it('lists everything a container without a securityContext is refused for', () => {
    expect(withContainer({ name: 'app' })).toEqual([
      'Deployment/cart-service container app: allowPrivilegeEscalation is not false',
      'Deployment/cart-service container app: runAsNonRoot is not true',
      'Deployment/cart-service container app: seccompProfile is unset',
      'Deployment/cart-service container app: capabilities do not drop ALL',
    ]);
  });

  it('accepts runAsNonRoot and the seccomp profile from the pod securityContext', () => {
    const { runAsNonRoot, seccompProfile, ...containerOnly } = restricted;
    expect(
      withContainer(
        { name: 'app', securityContext: containerOnly },
        { securityContext: { runAsNonRoot, seccompProfile } },
      ),
    ).toEqual([]);
  });

  it('refuses privileged containers, uid 0, an Unconfined profile, added capabilities and host ports', () => {
    const problems = withContainer(
      {
        name: 'app',
        ports: [{ containerPort: 3000 }, { containerPort: 80, hostPort: 80 }],
        securityContext: {
          ...restricted,
          privileged: true,
          runAsUser: 0,
          seccompProfile: { type: 'Unconfined' },
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'] },
        },
      },
      {},
    );
    expect(problems).toEqual([
      'Deployment/cart-service container app: privileged',
      'Deployment/cart-service container app: runs as uid 0',
      'Deployment/cart-service container app: seccompProfile is Unconfined',
      'Deployment/cart-service container app: adds capabilities SYS_ADMIN, NET_RAW',
      'Deployment/cart-service container app: uses hostPort 80',
    ]);
  });

  it('refuses uid 0 set for the whole pod', () => {
    expect(withContainer(serviceContainer(), { securityContext: { runAsUser: 0 } })).toEqual([
      'Deployment/cart-service container app: runs as uid 0',
    ]);
  });

  it("refuses the host's namespaces and volume types outside the restricted list", () => {
    const problems = withContainer(serviceContainer(), {
      hostNetwork: true,
      hostPID: true,
      hostIPC: false,
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'docker', hostPath: { path: '/var/run/docker.sock' } },
        { name: 'nothing' },
      ],
    });
    expect(problems).toEqual([
      'Deployment/cart-service: hostNetwork',
      'Deployment/cart-service: hostPID',
      'Deployment/cart-service: volume docker is hostPath',
      'Deployment/cart-service: volume nothing is undefined',
    ]);
  });

  it('checks init and ephemeral containers as well as the main ones', () => {
    const problems = podSecurityProblems(
      deployment('cart-service', {
        pod: { initContainers: [{ name: 'migrate', securityContext: { ...restricted, privileged: true } }] },
      }),
    );
    expect(problems).toEqual(['Deployment/cart-service container migrate: privileged']);
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug' },
      spec: { ephemeralContainers: [{ name: 'shell', securityContext: { ...restricted, runAsUser: 0 } }] },
    };
    expect(podSecurityProblems(pod)).toEqual(['Pod/debug container shell: runs as uid 0']);
  });
});

describe('probeProblems (the runtime contract: /health/live and /health/ready on the PORT the app listens on)', () => {
  const probesOf = (container: Json, rendered: KubeObject[] = []) => {
    const object = deployment('cart-service', { containers: [container] });
    return probeProblems(object, [object, ...rendered]);
  };

  it('accepts probes on the named port the app listens on', () => {
    expect(probesOf(serviceContainer())).toEqual([]);
  });

  it('only checks Deployments', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'seed' },
      spec: { template: { spec: { containers: [{ name: 'seed' }] } } },
    };
    expect(probeProblems(job, [job])).toEqual([]);
  });

  it('has nothing to say about a Deployment without containers (the schema check refuses it)', () => {
    const object = deployment('empty', { containers: undefined, pod: { containers: undefined } });
    expect(probeProblems(object, [object])).toEqual([]);
  });

  it('reports a missing probe and a non-HTTP probe', () => {
    const problems = probesOf(
      serviceContainer({ startupProbe: undefined, livenessProbe: { exec: { command: ['true'] } } }),
    );
    expect(problems).toEqual([
      'Deployment/cart-service container app startupProbe: missing or not an HTTP probe',
      'Deployment/cart-service container app livenessProbe: missing or not an HTTP probe',
    ]);
  });

  it('reports a probe on the wrong path', () => {
    expect(probesOf(serviceContainer({ readinessProbe: { httpGet: { path: '/health/live', port: 'http' } } }))).toEqual(
      ['Deployment/cart-service container app readinessProbe: path /health/live, expected /health/ready'],
    );
  });

  it('reports a named port the container does not declare', () => {
    const problems = probesOf(serviceContainer({ ports: undefined }));
    expect(problems).toEqual([
      'Deployment/cart-service container app startupProbe: port http is not declared',
      'Deployment/cart-service container app livenessProbe: port http is not declared',
      'Deployment/cart-service container app readinessProbe: port http is not declared',
    ]);
  });

  it('reports a numeric probe port other than the one PORT sets', () => {
    const problems = probesOf(serviceContainer({ livenessProbe: { httpGet: { path: '/health/live', port: 8080 } } }));
    expect(problems).toEqual([
      'Deployment/cart-service container app livenessProbe: port 8080, but the app listens on 3000',
    ]);
  });

  it('reports probes on a port when the container sets no PORT at all', () => {
    expect(probesOf(serviceContainer({ env: [{ name: 'LOG_LEVEL', value: 'info' }] }))).toContain(
      'Deployment/cart-service container app readinessProbe: port 3000, but PORT is not set',
    );
  });

  it('reads PORT from the ConfigMap in envFrom that has it', () => {
    const container = serviceContainer({
      env: undefined,
      envFrom: [
        { configMapRef: { name: 'common' } },
        { secretRef: { name: 'secrets' } },
        { configMapRef: { name: 'app' } },
      ],
    });
    const rendered = [configMap('common', { LOG_LEVEL: 'info' }), configMap('app', { PORT: '3000' })];
    expect(probesOf(container, rendered)).toEqual([]);
    // Without the ConfigMap holding PORT, nothing says which port the app listens on.
    expect(probesOf(container, [rendered[0]])).toEqual([
      'Deployment/cart-service container app startupProbe: port 3000, but PORT is not set',
      'Deployment/cart-service container app livenessProbe: port 3000, but PORT is not set',
      'Deployment/cart-service container app readinessProbe: port 3000, but PORT is not set',
    ]);
  });
});
