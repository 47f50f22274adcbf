import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  durationSeconds: number;
  connections: number;
  headers?: Record<string, string>;
}

/** A bounded HTTP load against one URL (loopback only), summarised as throughput and latency percentiles. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!/^https?:\/\/(127\.0\.0\.1|localhost)(:|\/)/.test(options.url))
    throw new Error(`load tests target 127.0.0.1 only, not ${options.url}`);
  const result = await autocannon({
    url: options.url,
    duration: options.durationSeconds,
    connections: options.connections,
    headers: options.headers,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
