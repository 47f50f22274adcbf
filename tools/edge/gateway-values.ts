import { join } from 'node:path';
import { type ErrorObject } from 'ajv';
import { isPlainObject, mergeValues, readValues, type Values } from '../../helm/tools/values-file';
import { chartDir } from '../../helm/tools/charts';
import { chartValuesSchema } from '../../helm/tools/values-schema';
import type { ServiceName } from './routes';

/**
 * The declared table and edge settings, in the gateway chart's values (the cluster gateway renders the same),
 * checked against the chart's values.schema.json as Helm checks them, so both refuse the same files.
 */
export const GATEWAY_VALUES_FILE = join(chartDir('gateway'), 'values.yaml');

export type RouteMatch = 'Exact' | 'PathPrefix';

export interface DeclaredRoute {
  service: ServiceName;
  methods: readonly string[];
  match: RouteMatch;
  path: string;
  /** Needs a valid access token from user-service, checked at the edge before the service sees the request. */
  protected: boolean;
}

export type RateLimitUnit = 'Second' | 'Minute' | 'Hour';

export interface EdgePolicy {
  routes: readonly DeclaredRoute[];
  /** Requests per unit per client address; absent: no limit at the edge. */
  rateLimit?: { requests: number; unit: RateLimitUnit };
  /** Exact browser origins allowed cross-origin; empty: no CORS headers at all (and no preflight answers). */
  cors: { allowedOrigins: readonly string[]; maxAgeSeconds: number };
  /** Set on every answer that does not carry the header already (a service's own, e.g. Swagger UI's CSP, wins). */
  securityHeaders: Readonly<Record<string, string>>;
  /** Where user-service serves its JWKS (the path on its port). */
  jwksPath: string;
}

/** The chart's values once its schema has accepted them: the keys the edge reads. */
interface GatewayValues {
  routes: { service: ServiceName; public?: RouteValue[]; protected?: RouteValue[] }[];
  rateLimit: { perClientIp: { requests: number; unit: RateLimitUnit } };
  cors: { allowedOrigins: string[]; maxAgeSeconds: number };
  securityHeaders: Record<string, string>;
  jwt: { jwks: { path: string } };
}
type RouteValue = Omit<DeclaredRoute, 'service' | 'protected'>;

/**
 * Never public, whatever the table says: service-to-service API, probes and metrics. The schema cannot say it (a
 * path pattern excluding prefixes); helm/test/mesh-calls.spec.ts holds the mesh's copy of the table to the same rule.
 */
const NEVER_ROUTED = ['/internal', '/health', '/metrics'];

class GatewayValuesError extends Error {
  constructor(file: string, where: string, problem: string) {
    super(`${file}: ${where} ${problem}`);
    this.name = 'GatewayValuesError';
  }
}

/** Reads and checks the gateway chart's values once; a malformed table stops the edge with where and why. */
export function loadEdgePolicy(file = GATEWAY_VALUES_FILE): EdgePolicy {
  return edgePolicyOf(readValues(file), file);
}

/**
 * The edge's policy from values layered on the chart's defaults, as Helm layers a values file: checked against
 * the chart's schema, then for paths that must never be routed.
 */
export function edgePolicyOf(values: unknown, file = 'gateway values'): EdgePolicy {
  if (!isPlainObject(values)) throw new GatewayValuesError(file, 'the file', 'must be a YAML map');
  const merged = mergeValues(readValues(GATEWAY_VALUES_FILE), values);
  const problem = schemaProblem(merged);
  if (problem) throw new GatewayValuesError(file, problem.where, problem.problem);
  const chart = merged as unknown as GatewayValues;
  return {
    routes: chart.routes.flatMap(({ service, ...entry }, index) =>
      (['public', 'protected'] as const).flatMap((kind) =>
        (entry[kind] ?? []).map((route, position) => {
          if (isNeverRouted(route.path))
            throw new GatewayValuesError(
              file,
              `routes[${index}].${kind}[${position}].path`,
              `must never be public: ${route.path}`,
            );
          return { ...route, service, protected: kind === 'protected' };
        }),
      ),
    ),
    rateLimit: chart.rateLimit.perClientIp,
    cors: chart.cors,
    securityHeaders: Object.fromEntries(
      Object.entries(chart.securityHeaders).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    jwksPath: chart.jwt.jwks.path,
  };
}

const isNeverRouted = (path: string) =>
  path === '/' || NEVER_ROUTED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** The schema's first complaint, as `where` (routes[0].public[1].path) and `problem` (with the value it got). */
function schemaProblem(values: Values): { where: string; problem: string } | undefined {
  const validate = chartValuesSchema('gateway');
  const [error] = validate(values) ? [] : (validate.errors ?? []);
  if (!error) return undefined;
  const keys = pointerKeys(error.instancePath);
  return {
    where: keys.length > 0 ? readablePath(keys) : 'the file',
    problem: `${error.message ?? 'is invalid'}${detailOf(error)}, got ${JSON.stringify(valueAt(values, keys))}`,
  };
}

/** A JSON pointer (`/routes/0/public/1/path`) as its keys, unescaped. */
const pointerKeys = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Keys as `routes[0].public[1].path`. */
const readablePath = (keys: string[]) =>
  keys.map((key, index) => (/^\d+$/.test(key) ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');

function detailOf(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[]; additionalProperty?: string };
  if (params.allowedValues) return ` (${params.allowedValues.join(', ')})`;
  if (params.additionalProperty) return ` (${params.additionalProperty})`;
  return '';
}

/** The value under those keys, through maps and lists alike. */
function valueAt(values: Values, keys: string[]): unknown {
  let node: unknown = values;
  for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}
