import { randomUUID } from 'node:crypto';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { type EdgeTracing } from './edge-tracing';
import { routeFor, SERVICES, type ServiceName } from './routes';

export interface EdgeOptions {
  port: number;
  host?: string;
  /** Where each service listens; defaults to 127.0.0.1 on its local port. */
  targets?: Partial<Record<ServiceName, { host: string; port: number }>>;
  /** How long a service may stay silent (before or during its answer); 30 s by default. */
  upstreamTimeoutMs?: number;
  /** Traces every request (createEdgeTracing) when given; nothing is traced or loaded for it otherwise. */
  tracing?: EdgeTracing;
}

function problem(
  response: ServerResponse,
  status: number,
  code: string,
  detail: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const body = {
    type: `urn:ecommerce:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: status === 404 ? 'Not found' : 'Service unavailable',
    status,
    detail,
    instance: '',
    code,
    requestId,
  };
  response
    .writeHead(status, { 'content-type': 'application/problem+json', 'x-request-id': requestId, ...headers })
    .end(JSON.stringify(body));
}

/**
 * The local stand-in for the cluster's ALB Ingress: one base URL (:8080) routing by path prefix exactly as
 * the Ingress does, adding X-Forwarded-For like the ALB, and answering unroutable paths itself.
 */
export function createEdge(options: EdgeOptions): Server {
  const targetOf = (name: ServiceName) =>
    options.targets?.[name] ?? { host: '127.0.0.1', port: SERVICES.find((service) => service.name === name)!.port };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const incomingId = request.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && incomingId ? incomingId : randomUUID();
    // A server's requests always carry their URL (it is optional only on the client side of IncomingMessage).
    const name = routeFor(request.url!);
    const traced = options.tracing?.start(request, requestId, name);
    // The shopper learns the trace id of every answer (W3C Trace Context's `traceresponse`), to open it in Jaeger.
    const traceHeaders: Record<string, string> = traced ? { traceresponse: traced.traceresponse } : {};
    if (traced) response.once('close', () => traced.finish(response.statusCode));
    if (!name)
      return problem(
        response,
        404,
        'NOT_FOUND',
        `No route for ${request.method} ${request.url!.split('?')[0]}.`,
        requestId,
        traceHeaders,
      );
    const target = targetOf(name);
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = forward(
      {
        host: target.host,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: {
          ...request.headers,
          'x-request-id': requestId,
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'http',
          ...traced?.upstreamHeaders,
        },
        timeout: options.upstreamTimeoutMs ?? 30_000,
      },
      (answer) => {
        // An answer to a request always has its status.
        response.writeHead(answer.statusCode!, { ...answer.headers, ...traceHeaders });
        if (traced) answer.once('end', () => traced.upstreamDone(answer.statusCode));
        // A service that dies mid-answer fails its answer, not this request: pipeline then cuts the client off
        // rather than leaving it waiting for the rest of the body (and frees the answer if the client leaves).
        pipeline(answer, response, () => undefined);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => {
      if (!response.headersSent)
        problem(response, 503, 'UPSTREAM_UNAVAILABLE', `${name} is not answering.`, requestId, {
          'retry-after': '5',
          ...traceHeaders,
        });
      else response.destroy();
    });
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
