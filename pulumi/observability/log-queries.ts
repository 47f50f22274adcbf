/**
 * CloudWatch Logs Insights queries saved per stack (the console's "Saved queries"), over every service's log
 * group. The field names are what libs/logging writes: pino's `level` as a label, `msg`, `service`, `requestId`,
 * `userId`, and `trace_id`/`span_id` when tracing is on; order-service adds `orderId` where it logs an order.
 * Replace the upper-case placeholder before running; the time range is the console's (1 hour by default).
 */
export interface SavedQuery {
  /** Slug, for the resource name. */
  key: string;
  /** Shown in the console; the part before the slash is the folder. */
  title: string;
  query: string;
}

/** The X-Ray console's form of a W3C trace id: 1-<first 8 hex>-<other 24 hex> (awsxray exporter's conversion). */
const XRAY_TRACE_ID = 'concat("1-", substr(trace_id, 0, 8), "-", substr(trace_id, 8)) as xray_trace_id';
const LINE_FIELDS = '@timestamp, service, level, msg, route, status, requestId, userId, orderId, trace_id';

function timeline(filter: string): string {
  return [
    `fields ${LINE_FIELDS}, ${XRAY_TRACE_ID}, @logStream`,
    `| filter ${filter}`,
    '| sort @timestamp asc',
    '| limit 10000',
  ].join('\n');
}

export function savedQueries(stack: string): SavedQuery[] {
  const folder = `ecommerce-${stack}`;
  return [
    {
      key: 'request',
      title: `${folder}/Everything about request X`,
      query: timeline('requestId = "REQUEST_ID"'),
    },
    {
      key: 'order',
      title: `${folder}/Everything about order Y`,
      // Lines that carry the id as a field, and any line that mentions it (paths, messages).
      query: timeline('orderId = "ORDER_ID" or @message like "ORDER_ID"'),
    },
    {
      key: 'user',
      title: `${folder}/Everything about user Z`,
      query: timeline('userId = "USER_ID"'),
    },
    {
      key: 'trace',
      title: `${folder}/Everything in trace T`,
      query: timeline('trace_id = "TRACE_ID"'),
    },
    {
      key: 'errors-by-service',
      title: `${folder}/Errors by service (last hour)`,
      query: [
        'filter level = "error" or level = "fatal"',
        '| stats count(*) as errors, latest(msg) as last_message, latest(requestId) as last_request by service',
        '| sort errors desc',
      ].join('\n'),
    },
  ];
}
