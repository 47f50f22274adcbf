import { get as httpGet } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { registerLoadShedding } from './load-shedding';

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  json(): Record<string, unknown>;
}

const started: { open(): void; fastify: FastifyInstance }[] = [];
afterEach(async () => {
  for (const { open, fastify } of started.splice(0)) {
    open();
    await fastify.close();
  }
});

/** A server on loopback whose /slow requests wait until the test opens the gate. */
async function server(maxInFlight: number, registry?: Registry) {
  const fastify: FastifyInstance = Fastify();
  const waiting: (() => void)[] = [];
  const open = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  started.push({ open, fastify });
  const handled: string[] = [];
  registerLoadShedding(fastify, maxInFlight, registry);
  const slow = async (request: { url: string }) => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    handled.push(request.url);
    return { ok: true };
  };
  fastify.get('/api/v1/slow', slow);
  fastify.get('/internal/v1/slow', slow);
  fastify.get('/api/v1/fast', () => ({ ok: true }));
  for (const path of ['/health/live', '/health/ready', '/metrics', '/.well-known/jwks.json'])
    fastify.get(path, () => ({ ok: true }));
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as { port: number };
  return {
    port,
    handled,
    async get(path: string): Promise<Answer> {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      const text = await response.text();
      return {
        statusCode: response.status,
        headers: Object.fromEntries(response.headers),
        json: () => JSON.parse(text) as Record<string, unknown>,
      };
    },
    /** Resolves once `count` requests wait at the gate. */
    async waitingFor(count: number) {
      while (waiting.length < count) await new Promise((resolve) => setImmediate(resolve));
    },
    open,
  };
}

describe('load shedding (SERVICE_MAX_IN_FLIGHT)', () => {
  it('answers 503 SERVICE_OVERLOADED with Retry-After at once beyond the limit, and admits again once one ends', async () => {
    const { get, handled, waitingFor, open } = await server(2);
    const admitted = [get('/api/v1/slow?n=1'), get('/api/v1/slow?n=2')];
    await waitingFor(2);
    const shed = await get('/api/v1/fast');
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(shed.json()).toMatchObject({
      type: 'urn:ecommerce:problem:service-overloaded',
      status: 503,
      code: 'SERVICE_OVERLOADED',
      instance: '/api/v1/fast',
    });
    open();
    expect((await Promise.all(admitted)).map((response) => response.statusCode)).toEqual([200, 200]);
    expect(handled).toEqual(['/api/v1/slow?n=1', '/api/v1/slow?n=2']);
    expect((await get('/api/v1/fast')).statusCode).toBe(200);
  });

  it('never sheds the probes, the scrape, the JWKS or calls between services', async () => {
    const { get, waitingFor, open } = await server(1);
    const busy = get('/api/v1/slow');
    await waitingFor(1);
    for (const path of ['/health/live', '/health/ready', '/metrics', '/.well-known/jwks.json'])
      expect((await get(path)).statusCode).toBe(200);
    const internal = get('/internal/v1/slow');
    await waitingFor(2);
    expect((await get('/api/v1/fast')).statusCode).toBe(503);
    open();
    expect((await busy).statusCode).toBe(200);
    expect((await internal).statusCode).toBe(200);
  });

  it('frees the place of a request whose client went away', async () => {
    const { get, port, waitingFor } = await server(1);
    const request = httpGet({ host: '127.0.0.1', port, path: '/api/v1/slow' });
    request.on('error', () => undefined); // the socket we destroy
    await waitingFor(1);
    expect((await get('/api/v1/fast')).statusCode).toBe(503);
    request.destroy();
    // The server learns of it when the connection closes: a moment later, not at once.
    let answer = await get('/api/v1/fast');
    for (let tries = 0; answer.statusCode === 503 && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      answer = await get('/api/v1/fast');
    }
    expect(answer.statusCode).toBe(200);
  });

  it('counts shed requests and reports those in progress to Prometheus', async () => {
    const registry = new Registry();
    const { get, waitingFor, open } = await server(1, registry);
    const busy = get('/api/v1/slow');
    await waitingFor(1);
    await get('/api/v1/fast');
    await get('/api/v1/fast');
    const text = await registry.metrics();
    expect(text).toMatch(/^http_requests_in_flight 1$/m);
    expect(text).toMatch(/^http_requests_shed_total 2$/m);
    open();
    await busy;
    expect(await registry.metrics()).toMatch(/^http_requests_in_flight 0$/m);
  });

  it('is off at 0', async () => {
    const { get, waitingFor, open } = await server(0);
    const requests = [1, 2, 3].map(() => get('/api/v1/slow'));
    await waitingFor(3);
    open();
    expect((await Promise.all(requests)).map((response) => response.statusCode)).toEqual([200, 200, 200]);
  });
});
