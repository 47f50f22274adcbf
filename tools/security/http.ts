/** One answer as a client sees it. */
export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** Plain HTTP, as an attacker's script would send it: no client library between the attack and the system. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers = new Headers(options.headers);
  if (options.json !== undefined) headers.set('content-type', 'application/json');
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (e.g. the Swagger UI page): attacks that care read the headers.
  }
  return { status: response.status, headers: response.headers, json };
}
