import { ORDER_ENDPOINTS, READ_ENDPOINTS } from './journey';
import { type EndpointSummary, round } from './latency-recorder';

/** The issue's targets for 20 shoppers on this 2-core machine (issue 18, target 3). */
export const TARGET_P99_MS = { reads: 100, orders: 300 } as const;

export interface TargetCheck {
  what: string;
  limit: string;
  measured: string;
  met: boolean;
}

/** Each target against a window's rows: p99 of catalog and cart reads, of placing and paying, and no errors. */
export function checkTargets(rows: EndpointSummary[]): TargetCheck[] {
  const p99 = (endpoints: string[], limit: number): TargetCheck[] =>
    rows
      .filter((row) => endpoints.includes(row.endpoint))
      .map((row) => ({
        what: `${row.endpoint} p99`,
        limit: `< ${limit} ms`,
        measured: `${row.p99Ms} ms`,
        met: row.p99Ms < limit,
      }));
  const failed = rows.reduce((sum, row) => sum + Math.round(row.errorRate * row.requests), 0);
  return [
    ...p99(READ_ENDPOINTS, TARGET_P99_MS.reads),
    ...p99(ORDER_ENDPOINTS, TARGET_P99_MS.orders),
    { what: 'errors, all endpoints', limit: '0', measured: String(failed), met: failed === 0 },
  ];
}

/** One measured window of a sweep, summarised. */
export interface WindowSummary {
  shoppers: number;
  requestsPerSecond: number;
  errorRate: number;
  shed: number;
  timeouts: number;
  /** Orders paid per second (successful payments). */
  paidPerSecond: number;
  p99Ms: Record<string, number>;
  p50Ms: Record<string, number>;
}

/** The endpoints a sweep line shows, one per kind of work. */
export const SWEEP_ENDPOINTS = ['GET /products', 'GET /cart', 'POST /orders', 'POST /orders/:id/payment'];

export function summariseWindow(shoppers: number, rows: EndpointSummary[], durationSeconds: number): WindowSummary {
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const failed = rows.reduce((sum, row) => sum + Math.round(row.errorRate * row.requests), 0);
  const payments = rows.find((row) => row.endpoint === 'POST /orders/:id/payment');
  const paid = payments ? payments.requests - Math.round(payments.errorRate * payments.requests) : 0;
  const pick = (field: 'p50Ms' | 'p99Ms') =>
    Object.fromEntries(
      SWEEP_ENDPOINTS.map((endpoint) => [endpoint, rows.find((row) => row.endpoint === endpoint)?.[field] ?? 0]),
    );
  return {
    shoppers,
    requestsPerSecond: round(requests / durationSeconds),
    errorRate: requests ? round(failed / requests, 4) : 0,
    shed: rows.reduce((sum, row) => sum + row.shed, 0),
    timeouts: rows.reduce((sum, row) => sum + row.timeouts, 0),
    paidPerSecond: round(paid / durationSeconds),
    p99Ms: pick('p99Ms'),
    p50Ms: pick('p50Ms'),
  };
}

const thousands = (value: number): string =>
  value >= 10_000 ? value.toLocaleString('en-GB').replace(/,/g, ' ') : String(value);

/** The per-endpoint table in the Markdown docs/benchmarks.md uses. */
export function endpointTable(rows: EndpointSummary[]): string {
  const lines = [
    '| endpoint | requests | req/s | error rate | shed 503 | timeouts | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.endpoint} | ${thousands(row.requests)} | ${row.requestsPerSecond} | ${row.errorRate} | ${row.shed} | ${row.timeouts} | ${row.p50Ms} | ${row.p95Ms} | ${row.p99Ms} | ${row.maxMs} |`,
    );
  const failures = rows.filter((row) => Object.keys(row.failures).length > 0);
  for (const row of failures)
    lines.push(
      `${row.endpoint} failures: ${Object.entries(row.failures)
        .map(([status, count]) => `${status} x${count}`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

export function targetTable(checks: TargetCheck[]): string {
  return [
    '| target | limit | measured | met |',
    '|---|---|---|---|',
    ...checks.map((check) => `| ${check.what} | ${check.limit} | ${check.measured} | ${check.met ? 'yes' : 'NO'} |`),
  ].join('\n');
}

export function sweepTable(windows: WindowSummary[]): string {
  const short = (endpoint: string) => endpoint.replace(/^(GET|POST) /, '').replace('/:id/payment', ' pay');
  return [
    `| shoppers | req/s | paid orders/s | error rate | shed 503 | timeouts | ${SWEEP_ENDPOINTS.map((e) => `${short(e)} p50 / p99 ms`).join(' | ')} |`,
    `|---|---|---|---|---|---|${SWEEP_ENDPOINTS.map(() => '---|').join('')}`,
    ...windows.map(
      (w) =>
        `| ${w.shoppers} | ${w.requestsPerSecond} | ${w.paidPerSecond} | ${w.errorRate} | ${w.shed} | ${w.timeouts} | ${SWEEP_ENDPOINTS.map((e) => `${w.p50Ms[e]} / ${w.p99Ms[e]}`).join(' | ')} |`,
    ),
  ].join('\n');
}
