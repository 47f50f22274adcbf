import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as forward,
  type Server,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream';
import { ClientRateLimit, edgeRateLimitOf } from './client-rate-limit';
import { edgeHeadersFor, isPreflight, preflightHeaders } from './edge-headers';
import { type EdgeTracing } from './edge-tracing';
import { type EdgePolicy, loadEdgePolicy } from './gateway-values';
import { matchRoute, SERVICES, type ServiceName } from './routes';
import { TokenCheck } from './token-check';

export interface EdgeOptions {
  port: number;
  host?: string;
  /** Where each service listens; defaults to 127.0.0.1 on its local port. */
  targets?: Partial<Record<ServiceName, { host: string; port: number }>>;
  /** How long a service may stay silent (before or during its answer); 30 s by default. */
  upstreamTimeoutMs?: number;
  /** Traces every request (createEdgeTracing) when given; nothing is traced or loaded for it otherwise. */
  tracing?: EdgeTracing;
  /** The route table and settings; helm/gateway/values.yaml (what the cluster gateway renders) by default. */
  policy?: EdgePolicy;
  /** The access tokens the services accept locally (their JWT_ISSUER and JWT_AUDIENCE); the keys come from
   * user-service's JWKS at its target. The JWKS timings are for tests. */
  auth: { issuer: string; audience: string; maxAgeMs?: number; unknownKeyRefetchMs?: number };
  /** EDGE_RATE_LIMIT of the run: `off`, or requests per the chart's unit instead of the chart's number. */
  rateLimitOverride?: string;
}

const TITLES: Record<number, string> = {
  401: 'Invalid access token',
  404: 'Not found',
  429: 'Too many requests',
  503: 'Service unavailable',
};

interface EdgeProblem {
  status: number;
  code: string;
  detail: string;
  title?: string;
  headers?: OutgoingHttpHeaders;
}

function sendProblem(response: ServerResponse, problem: EdgeProblem, requestId: string, path: string): void {
  const body = {
    type: `urn:ecommerce:problem:${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: problem.title ?? TITLES[problem.status],
    status: problem.status,
    detail: problem.detail,
    instance: path,
    code: problem.code,
    requestId,
  };
  response
    .writeHead(problem.status, {
      ...problem.headers,
      'content-type': 'application/problem+json',
      'x-request-id': requestId,
    })
    .end(JSON.stringify(body));
}

/**
 * The local stand-in for the cluster's gateway (Envoy Gateway behind the ALB): one base URL (:8080) applying the
 * gateway chart's declared route table, in the gateway's filter order: CORS (preflights answered here), routing
 * (anything not declared is a 404), the access-token check on protected routes (against user-service's JWKS;
 * the service verifies again), the per-client-address rate limit; then it forwards, adding X-Forwarded-For like
 * the ALB, and sets the security headers on every answer.
 */
export function createEdge(options: EdgeOptions): Server {
  const policy = options.policy ?? loadEdgePolicy();
  const targetOf = (name: ServiceName) =>
    options.targets?.[name] ?? { host: '127.0.0.1', port: SERVICES.find((service) => service.name === name)!.port };
  const jwks = targetOf('user-service');
  const tokens = new TokenCheck({ jwksUrl: `http://${jwks.host}:${jwks.port}${policy.jwksPath}`, ...options.auth });
  const limit = edgeRateLimitOf(policy.rateLimit, options.rateLimitOverride);
  const rateLimit = limit && new ClientRateLimit(limit);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const incomingId = request.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && incomingId ? incomingId : randomUUID();
    // A server's requests always carry their URL and method (optional only on the client side of IncomingMessage).
    const path = request.url!.split('?')[0];
    const origin = request.headers.origin;
    const preflight = isPreflight(request) ? preflightHeaders(policy, origin!) : undefined;
    const route = preflight ? undefined : matchRoute(policy.routes, request.url!, request.method!);
    const traced = options.tracing?.start(request, requestId, route);
    // The shopper learns the trace id of every answer (W3C Trace Context's `traceresponse`), to open it in Jaeger.
    const traceHeaders: Record<string, string> = traced ? { traceresponse: traced.traceresponse } : {};
    if (traced) response.once('close', () => traced.finish(response.statusCode));
    const refuse = (problem: EdgeProblem) => {
      // The body is read and dropped, so that the connection can carry the client's next request.
      request.resume();
      sendProblem(
        response,
        { ...problem, headers: edgeHeadersFor(policy, origin, { ...problem.headers, ...traceHeaders }) },
        requestId,
        path,
      );
    };
    if (preflight) return void response.writeHead(204, { ...preflight, ...traceHeaders }).end();
    if (!route) return refuse({ status: 404, code: 'NOT_FOUND', detail: `No route for ${request.method} ${path}.` });

    const admit = async (): Promise<EdgeProblem | undefined> => {
      if (route.protected) {
        const refusal = await tokens.check(request.headers.authorization);
        if (refusal) return refusal;
      }
      // The client's own address: locally nothing stands in front of the edge (the ALB does in the cluster).
      const limited = rateLimit?.count(request.socket.remoteAddress ?? '');
      if (limited)
        return {
          status: 429,
          code: 'RATE_LIMITED',
          detail: 'Too many requests; retry after the time given in Retry-After.',
          headers: limited,
        };
      return undefined;
    };

    const forwardTo = (name: ServiceName) => {
      const target = targetOf(name);
      const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress]
        .filter(Boolean)
        .join(', ');
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
            ...traced?.callUpstream(),
          },
          timeout: options.upstreamTimeoutMs ?? 30_000,
        },
        (answer) => {
          // An answer to a request always has its status.
          response.writeHead(
            answer.statusCode!,
            edgeHeadersFor(policy, origin, { ...answer.headers, ...traceHeaders }),
          );
          if (traced) answer.once('end', () => traced.upstreamDone(answer.statusCode));
          // A service that dies mid-answer fails its answer, not this request: pipeline then cuts the client off
          // rather than leaving it waiting for the rest of the body (and frees the answer if the client leaves).
          pipeline(answer, response, () => undefined);
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', () => {
        if (!response.headersSent)
          refuse({
            status: 503,
            code: 'UPSTREAM_UNAVAILABLE',
            detail: `${name} is not answering.`,
            headers: { 'retry-after': '5' },
          });
        else response.destroy();
      });
      request.pipe(upstream);
    };

    void admit().then((refusal) => {
      if (refusal) refuse(refusal);
      else forwardTo(route.service);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.once('close', () => rateLimit?.close());
  return server;
}
