import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELM_DIR, PUBLIC_SERVICE_CHARTS, SERVICE_CHARTS, type ServiceChart, STACKS } from '../tools/charts';
import { isPlainObject, type Values } from '../tools/values-file';
import {
  type Call,
  declaredCalls,
  declaredPermissions,
  durationMs,
  gatewayRoutes,
  meshValues,
  operationPaths,
  permission,
} from './mesh-table';
import { appUpstreamCalls, covers, serviceTokenPath } from './mesh-source-calls';
import { defaultValues, stackValues } from './support';

/**
 * The declared table of allowed calls (helm/mesh/values.yaml `calls`) against everything else that states the
 * same graph: the service charts' NetworkPolicy values and upstreams, the apps' code, the gateway's route table
 * and the clients' timeouts. The rendered policies are compared with it in mesh-policies.integration-spec.ts.
 */
const calls = declaredCalls();
const mesh = meshValues();
const kebab = (key: string): string => key.replace(/([A-Z])/g, '-$1').toLowerCase();
const unique = (names: string[]): string[] => [...new Set(names)].sort();

describe('the calls table', () => {
  it('names only the services, never a service calling itself, each row with a reason', () => {
    for (const call of calls) {
      expect(SERVICE_CHARTS).toContain(call.from);
      expect(SERVICE_CHARTS).toContain(call.to);
      expect(call.from).not.toBe(call.to);
      expect(call.why.length).toBeGreaterThan(10);
    }
    expect([...(mesh.services as string[])].sort()).toEqual([...SERVICE_CHARTS].sort());
  });

  it('allows each (caller, callee, method, path) once', () => {
    const permissions = declaredPermissions(calls);
    expect(permissions).toEqual(unique(permissions));
  });

  it('keeps the two calls only one service may make to that one service', () => {
    const callersOf = (method: string, route: string) =>
      unique(
        calls
          .filter((call) => call.methods.includes(method) && call.paths.some((p) => covers(p, route)))
          .map((call) => call.from),
      );
    expect(callersOf('POST', '/internal/v1/stock/reservations')).toEqual(['order-service']);
    expect(callersOf('GET', '/internal/v1/users/{}/contact')).toEqual(['notification-service']);
  });
});

describe.each(SERVICE_CHARTS)('%s chart against the table', (chart) => {
  const values = defaultValues(chart);
  const networkPolicy = values.networkPolicy as { allowedClients?: string[] };
  const upstreams = isPlainObject(values.upstreams) ? values.upstreams : {};

  it('lets in exactly the services the table has calling it', () => {
    const callers = unique(calls.filter((call) => call.to === chart).map((call) => call.from));
    expect([...(networkPolicy.allowedClients ?? [])].sort()).toEqual(callers);
  });

  it('has exactly the upstreams the table has it calling', () => {
    const callees = unique(calls.filter((call) => call.from === chart).map((call) => call.to));
    expect(Object.keys(upstreams).map(kebab).sort()).toEqual(callees);
  });
});

describe("the apps' code against the table", () => {
  const tokenPath = serviceTokenPath();
  const serviceClients = SERVICE_CHARTS.filter((chart) =>
    Boolean((defaultValues(chart).config as Values).SERVICE_CLIENT_ID),
  );
  const sourceCalls = [
    ...appUpstreamCalls(),
    ...serviceClients.map((from) => ({
      from,
      to: 'user-service',
      method: 'POST',
      path: tokenPath,
      where: 'libs/config/src/service-config.ts (service token)',
    })),
  ];
  const allows = (call: { from: string; to: string; method: string; path: string }) => (row: Call) =>
    row.from === call.from &&
    row.to === call.to &&
    row.methods.includes(call.method) &&
    row.paths.some((route) => covers(route, call.path));

  it('finds the upstream requests of the three callers', () => {
    expect(unique(sourceCalls.map((call) => call.from))).toEqual([
      'cart-service',
      'notification-service',
      'order-service',
    ]);
  });

  it('makes no call the table does not allow', () => {
    const missing = sourceCalls
      .filter((call) => !calls.some(allows(call)))
      .map((call) => `${permission(call.from, call.to, call.method, call.path)} (${call.where})`);
    expect(missing).toEqual([]);
  });

  it('leaves no row of the table that no code calls (the table allows exactly what the services do)', () => {
    const unused = calls.flatMap((row) =>
      row.methods.flatMap((method) =>
        row.paths
          .filter(
            (route) =>
              !sourceCalls.some(
                (call) =>
                  call.from === row.from && call.to === row.to && call.method === method && covers(route, call.path),
              ),
          )
          .map((route) => permission(row.from, row.to, method, route)),
      ),
    );
    expect(unused).toEqual([]);
  });
});

describe('the edge gateway in the mesh', () => {
  const paths = (mesh.gateway as { paths: Record<string, string[]> }).paths;

  it('may call exactly the paths of the route table of helm/gateway/values.yaml', () => {
    const fromRoutes = Object.fromEntries(
      Object.entries(gatewayRoutes()).map(([service, matches]) => [service, unique(matches.flatMap(operationPaths))]),
    );
    const declared = Object.fromEntries(Object.entries(paths).map(([service, list]) => [service, [...list].sort()]));
    expect(declared).toEqual(fromRoutes);
  });

  it.each(STACKS)('may call the API documents in %s exactly when the gateway routes them there', (stack) => {
    const gatewayDocs = (stackValues('gateway', stack, true).docs as { exposed: boolean }).exposed;
    const meshDocs = (stackValues('mesh', stack, true).gateway as { docsExposed: boolean }).docsExposed;
    expect({ stack, meshDocs }).toEqual({ stack, meshDocs: gatewayDocs });
    expect(
      Object.values(paths)
        .flat()
        .filter((p) => p.startsWith('/docs/')).length,
    ).toBeGreaterThan(0);
  });

  it('never reaches an internal, health or metrics path', () => {
    expect(
      Object.values(paths)
        .flat()
        .filter((p) => /^\/(internal|health|metrics)\b/.test(p)),
    ).toEqual([]);
  });
});

describe('the waypoint timeout of a call', () => {
  const meshTimeoutMs = durationMs((mesh.timeouts as { request: string }).request);
  const libraryDefault = Number(
    /HTTP_TIMEOUT_MS', \{ default: ([0-9_]+)/
      .exec(readFileSync(path.join(HELM_DIR, '..', 'libs', 'config', 'src', 'service-config.ts'), 'utf8'))?.[1]
      .replace(/_/g, ''),
  );
  const callers = unique(calls.map((call) => call.from)) as ServiceChart[];
  const clientTimeouts = callers.flatMap((chart) =>
    [defaultValues(chart), ...STACKS.map((stack) => stackValues(chart, stack, true))].map((values) => ({
      chart,
      ms: Number((values.config as Values).HTTP_TIMEOUT_MS ?? libraryDefault),
    })),
  );

  // What the Pulumi program sets on the services it installs (pulumi/services/service-values.ts).
  const pulumiTimeout = Number(
    /HTTP_TIMEOUT_MS: ([0-9_]+)/
      .exec(readFileSync(path.join(HELM_DIR, '..', 'pulumi', 'services', 'service-values.ts'), 'utf8'))?.[1]
      .replace(/_/g, ''),
  );

  it('is strictly above every per-attempt client timeout the charts and Pulumi configure, and the library default', () => {
    expect(libraryDefault).toBe(2000);
    expect(pulumiTimeout).toBeGreaterThan(0);
    expect(meshTimeoutMs).toBeGreaterThan(pulumiTimeout);
    expect(clientTimeouts.length).toBe(callers.length * 3);
    for (const { chart, ms } of clientTimeouts) expect([chart, meshTimeoutMs > ms]).toEqual([chart, true]);
    expect(meshTimeoutMs).toBeGreaterThan(libraryDefault);
  });
});

describe('the release checks in the mesh', () => {
  const checks = mesh.releaseChecks as { tested: string[]; smokePaths: Record<string, string[]> };

  it('are allowed the smoke paths each service chart’s analysis Job GETs, and the helm test of each public chart', () => {
    for (const chart of SERVICE_CHARTS) {
      const rollout = defaultValues(chart).rollout as { analysis: { smokePaths: string[] } };
      expect([chart, checks.smokePaths[chart]]).toEqual([chart, rollout.analysis.smokePaths]);
    }
    expect([...checks.tested].sort()).toEqual([...PUBLIC_SERVICE_CHARTS].sort());
  });
});

describe('Prometheus in the mesh', () => {
  it('is the service account kube-prometheus-stack gives it, under the release name Pulumi installs', () => {
    const observability = readFileSync(path.join(HELM_DIR, '..', 'pulumi', 'components', 'observability.ts'), 'utf8');
    const release = /name: '(kube-prometheus-stack[a-z-]*)'/.exec(observability)?.[1];
    expect((mesh.monitoring as { serviceAccount: string }).serviceAccount).toBe(`${release}-prometheus`);
  });
});
