import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { testAmqpUrl } from '../../libs/messaging/src/messaging-fixture';
import { type RunningJaeger, startJaeger } from '../../tools/dev/jaeger';
import { buildServices, type Platform, startPlatform } from '../../tools/platform/platform';
import { eventually, http } from '../support/http';
import { SmtpCatcher } from '../support/smtp-catcher';
import { ShopperClient } from './support/shopper-client';

const ADMIN = { email: 'tracing-admin@example.com', password: 'Tracing-owner-passphrase-7' };
const ADDRESS = { name: 'Ada Shopper', line1: '1 Test Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

/** A span as Jaeger's HTTP API answers it (the fields read here). */
interface JaegerSpan {
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** One span with what the assertions need: its service, kind, parent and attributes. */
interface Span {
  id: string;
  name: string;
  service: string;
  kind: unknown;
  parent: string | undefined;
  attribute(key: string): unknown;
}

const spansOf = (trace: JaegerTrace): Span[] =>
  trace.spans.map((span) => {
    const attribute = (key: string) => span.tags.find((tag) => tag.key === key)?.value;
    return {
      id: span.spanID,
      name: span.operationName,
      service: trace.processes[span.processID].serviceName,
      kind: attribute('span.kind'),
      parent: span.references.find((reference) => reference.refType === 'CHILD_OF')?.spanID,
      attribute,
    };
  });

/**
 * A shopper's order followed through a real trace backend: the pinned Jaeger, the platform's services as their
 * own processes with tracing on (the edge too), and the trace read back from Jaeger's query API as a developer
 * would open it in the UI.
 */
describe('a placed order in Jaeger', () => {
  const smtp = new SmtpCatcher();
  let jaeger: RunningJaeger;
  let platform: Platform;

  beforeAll(async () => {
    buildServices();
    jaeger = await startJaeger({ configDirectory: mkdtempSync(join(tmpdir(), 'jaeger-')), freePorts: true });
    await smtp.start();
    platform = await startPlatform(
      process.env.TEST_MONGODB_URI!,
      {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        BCRYPT_COST: '10',
        RATE_LIMIT_AUTH_MAX: '1000',
        SANDBOX_EVENT_DELAY_MS: '60000',
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
        // Spans leave every 200 ms instead of every 5 s, so the trace is complete in Jaeger soon after the answer.
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OUTBOX_RELAY_INTERVAL_MS: '200',
      },
      { amqpUrl: testAmqpUrl(), smtpUrl: smtp.url },
    );
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
    await smtp.stop();
    await jaeger?.stop();
  });

  it('is one trace from the edge through order, cart and product services, to the mail it caused', async () => {
    const admin = new ShopperClient(platform.edgeUrl, ADMIN.email, ADMIN.password);
    expect((await admin.logIn()).status).toBe(200);
    const product = await admin.call('/api/v1/products', {
      method: 'POST',
      json: {
        sku: `TRC-MUG-${randomUUID().slice(0, 6)}`,
        name: 'Traced mug',
        description: 'A mug for the tracing journey',
        price: 1400,
        currency: 'EUR',
        category: 'kitchen',
        tags: ['system'],
      },
    });
    expect(product.status).toBe(201);
    const productId = String(product.json.id);
    expect((await admin.call(`/api/v1/products/${productId}/stock`, { method: 'POST', json: { set: 5 } })).status).toBe(
      200,
    );

    const ada = new ShopperClient(platform.edgeUrl, `traced-${randomUUID()}@example.com`, `Pw-${randomUUID()}`);
    expect((await ada.register()).status).toBe(201);
    expect((await ada.logIn()).status).toBe(200);
    expect((await ada.call('/api/v1/cart/items', { method: 'POST', json: { productId, quantity: 2 } })).status).toBe(
      201,
    );
    const placed = await ada.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID(), 'x-request-id': `trace-journey-${randomUUID()}` },
      json: { shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(201);
    const orderId = String(placed.json.id);
    const requestId = placed.headers.get('x-request-id');

    // The edge answers with the trace's id (W3C traceresponse: version-traceid-spanid-flags).
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(placed.headers.get('traceresponse') ?? '')?.[1];
    expect(traceId).toBeDefined();

    // Spans arrive from six processes independently: wait (bounded) until the last of them is in.
    let spans: Span[] = [];
    const mailed = (span: Span) => span.service === 'notification-service' && span.kind === 'consumer';
    await eventually(async () => {
      const answer = await http(jaeger.uiUrl, `/api/traces/${traceId}`);
      const trace = (answer.json.data as JaegerTrace[] | undefined)?.[0];
      spans = trace ? spansOf(trace) : [];
      const services = new Set(spans.map((span) => span.service));
      return (
        ['edge', 'order-service', 'cart-service', 'product-service'].every((name) => services.has(name)) &&
        spans.some(mailed) &&
        spans.some((span) => span.service === 'order-service' && span.kind === 'server')
      );
    }, 20_000);
    const byId = new Map(spans.map((span) => [span.id, span]));
    const parentOf = (span: Span) => (span.parent ? byId.get(span.parent) : undefined);

    // The edge is the root: its SERVER span has no parent, its CLIENT span (the proxied call) is its child.
    const edgeServer = spans.find((span) => span.service === 'edge' && span.kind === 'server')!;
    expect(edgeServer).toMatchObject({ name: 'POST /api/v1/orders', parent: undefined });
    expect(edgeServer.attribute('app.request_id')).toBe(requestId);

    // order-service's request is the child of the edge's call to it.
    const orderServer = spans.find((span) => span.service === 'order-service' && span.kind === 'server')!;
    const edgeClient = parentOf(orderServer)!;
    expect(edgeClient).toMatchObject({ service: 'edge', kind: 'client' });
    expect(parentOf(edgeClient)).toBe(edgeServer);
    // The order's span can be found by the order id and by the request id a support ticket quotes.
    expect(orderServer.attribute('app.order_id')).toBe(orderId);
    expect(orderServer.attribute('app.request_id')).toBe(requestId);

    // Every call between services is a CLIENT span of the caller, parent of the callee's SERVER span: order-service
    // calls cart-service (the cart) and product-service (the reservation); cart-service calls product-service too.
    const callersOf = (service: string) =>
      spans.filter((span) => span.service === service && span.kind === 'server').map((span) => parentOf(span));
    expect(callersOf('cart-service').length).toBeGreaterThan(0);
    for (const caller of callersOf('cart-service'))
      expect(caller).toMatchObject({ service: 'order-service', kind: 'client' });
    for (const caller of callersOf('product-service')) {
      expect(caller).toMatchObject({ kind: 'client' });
      expect(['order-service', 'cart-service']).toContain(caller!.service);
    }
    expect(callersOf('product-service').some((caller) => caller?.service === 'order-service')).toBe(true);
    // Its MongoDB calls are in the trace too.
    const mongo = (span: Span) => [span.attribute('db.system'), span.attribute('db.system.name')].includes('mongodb');
    expect(spans.some((span) => span.service === 'order-service' && mongo(span))).toBe(true);

    // The order.placed event: published and consumed (the shopper's mail) in the trace of the request that caused it.
    const publish = spans.find((span) => span.service === 'order-service' && span.kind === 'producer');
    expect(publish).toBeDefined();
    const consume = spans.find(mailed)!;
    expect(parentOf(consume)?.service).toBe('order-service');
  }, 60_000);
});
