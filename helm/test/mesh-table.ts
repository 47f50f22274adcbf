import type { ServiceChart } from '../tools/charts';
import { defaultValues } from './support';

/** One row of the declared table of allowed calls (helm/mesh/values.yaml `calls`). */
export interface Call {
  from: ServiceChart;
  to: ServiceChart;
  why: string;
  methods: string[];
  paths: string[];
}

/** One (caller, callee, method, path) the table allows, as a comparable line. */
export const permission = (from: string, to: string, method: string, route: string): string =>
  `${from} -> ${to} ${method} ${route}`;

export const meshValues = () => defaultValues('mesh');

export const declaredCalls = (): Call[] => meshValues().calls as Call[];

/** Every (from, to, method, path) the table allows, with `{param}` written as Istio's `{*}`. */
export const declaredPermissions = (calls: Call[] = declaredCalls()): string[] =>
  calls
    .flatMap(({ from, to, methods, paths }) =>
      methods.flatMap((method) =>
        paths.map((route) => permission(from, to, method, route.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '{*}'))),
      ),
    )
    .sort();

interface RouteMatch {
  methods: string[];
  match: 'Exact' | 'PathPrefix';
  path: string;
}

/** The public route table (helm/gateway/values.yaml `routes`), per service. */
export function gatewayRoutes(): Record<string, RouteMatch[]> {
  const routes = defaultValues('gateway').routes as {
    service: string;
    public: RouteMatch[];
    protected: RouteMatch[];
  }[];
  return Object.fromEntries(routes.map((route) => [route.service, [...route.public, ...route.protected]]));
}

/** What an Istio operation must list to cover a Gateway API match: the path, and below it for a prefix. */
export const operationPaths = ({ match, path: route }: RouteMatch): string[] =>
  match === 'Exact' ? [route] : [route, `${route}/*`];

/** A Gateway API duration (`4s`, `1500ms`, `1m30s`) in milliseconds. */
export function durationMs(duration: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...duration.matchAll(/([0-9]+)(ms|h|m|s)/g)];
  if (parts.map((part) => part[0]).join('') !== duration) throw new Error(`not a duration: ${duration}`);
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit], 0);
}
