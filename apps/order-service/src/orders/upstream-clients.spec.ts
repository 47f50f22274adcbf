import { UpstreamUnavailableError } from '@app/errors';
import { type UpstreamClient, type UpstreamRequest, UpstreamResponseError } from '@app/http-client';
import { CartClient } from './cart.client';
import { StockClient } from './stock.client';

/** A stand-in for the one upstream class, answering each call from a script. */
function scripted(answer: (request: UpstreamRequest) => unknown) {
  const calls: UpstreamRequest[] = [];
  const client = {
    request: async (request: UpstreamRequest) => {
      calls.push(request);
      const result = answer(request);
      if (result instanceof Error) throw result;
      return { status: 200, body: result };
    },
  } as unknown as UpstreamClient;
  return { client, calls };
}

const refused = (status: number, body: object) => new UpstreamResponseError('product-service', status, body);
const P1 = '65a0000000000000000000a1';
const P2 = '65a0000000000000000000a2';

describe('StockClient', () => {
  const wanted = [
    { productId: P1, quantity: 2, name: 'Mug', sku: 'MUG' },
    { productId: P2, quantity: 1 },
  ];

  it('reserves as order-service itself, idempotently, keyed by the order id', async () => {
    const line = { productId: P1, sku: 'MUG', name: 'Mug', unitPrice: 900, currency: 'EUR', quantity: 2 };
    const { client, calls } = scripted(() => ({ reservationId: 'o1', status: 'RESERVED', lines: [line] }));
    const outcome = await new StockClient(client).reserve('o1', wanted);
    expect(outcome).toEqual({ reserved: true, reservation: { reservationId: 'o1', lines: [line] } });
    expect(calls[0]).toEqual({
      method: 'POST',
      path: '/internal/v1/stock/reservations',
      body: {
        reservationId: 'o1',
        lines: [
          { productId: P1, quantity: 2 },
          { productId: P2, quantity: 1 },
        ],
      },
      credentials: 'service',
      idempotent: true,
    });
  });

  it('turns INSUFFICIENT_STOCK into a definite refusal naming the lines', async () => {
    const { client } = scripted(() =>
      refused(409, { code: 'INSUFFICIENT_STOCK', lines: [{ productId: P1, requested: 2, available: 1 }] }),
    );
    const outcome = await new StockClient(client).reserve('o1', wanted);
    expect(outcome.reserved).toBe(false);
    const refusal = (outcome as { refusal: { code: string; extensions: object; detail: string } }).refusal;
    expect(refusal.code).toBe('INSUFFICIENT_STOCK');
    expect(refusal.extensions).toEqual({
      lines: [{ productId: P1, sku: 'MUG', name: 'Mug', requested: 2, available: 1 }],
    });
    expect(refusal.detail).toContain('Mug');
  });

  it('turns PRODUCT_UNAVAILABLE and RESERVATION_RELEASED into definite refusals', async () => {
    const unavailable = await new StockClient(
      scripted(() => refused(409, { code: 'PRODUCT_UNAVAILABLE', productIds: [P2] })).client,
    ).reserve('o1', wanted);
    expect(unavailable).toMatchObject({
      reserved: false,
      refusal: { code: 'PRODUCT_UNAVAILABLE', extensions: { productIds: [P2] } },
    });
    const released = await new StockClient(
      scripted(() => refused(409, { code: 'RESERVATION_RELEASED' })).client,
    ).reserve('o1', wanted);
    expect(released).toMatchObject({ reserved: false, refusal: { code: 'ORDER_PLACEMENT_FAILED', status: 503 } });
  });

  it('lets an outage through as an uncertain outcome (the caller must release)', async () => {
    const { client } = scripted(() => new UpstreamUnavailableError('product-service', 10));
    await expect(new StockClient(client).reserve('o1', wanted)).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });

  it('refuses a malformed reservation answer instead of storing wrong prices', async () => {
    const { client } = scripted(() => ({
      reservationId: 'o1',
      lines: [{ productId: P1, unitPrice: 9.99, quantity: 1 }],
    }));
    await expect(new StockClient(client).reserve('o1', wanted)).rejects.toThrow(/product-service answered/);
  });

  it('confirms (GONE when expired or unknown) and releases by order id', async () => {
    const answers: unknown[] = [
      {},
      refused(409, { code: 'RESERVATION_RELEASED' }),
      refused(404, { code: 'RESERVATION_NOT_FOUND' }),
      {},
    ];
    const { client, calls } = scripted(() => answers.shift());
    const stock = new StockClient(client);
    expect(await stock.confirm('o1')).toBe('CONFIRMED');
    expect(await stock.confirm('o1')).toBe('GONE');
    expect(await stock.confirm('o1')).toBe('GONE');
    await stock.release('o1');
    expect(calls.map((call) => `${call.method} ${call.path} ${call.credentials}`)).toEqual([
      'POST /internal/v1/stock/reservations/o1/confirm service',
      'POST /internal/v1/stock/reservations/o1/confirm service',
      'POST /internal/v1/stock/reservations/o1/confirm service',
      'DELETE /internal/v1/stock/reservations/o1 service',
    ]);
    expect(calls[0].idempotent).toBe(true);
  });

  it('reports being rate-limited by product-service as a temporary outage (503), not an internal error', async () => {
    const { client } = scripted(() => refused(429, { code: 'RATE_LIMITED' }));
    const stock = new StockClient(client);
    await expect(stock.reserve('o1', wanted)).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    await expect(stock.confirm('o1')).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    await expect(stock.release('o1')).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('passes other answers to confirm through', async () => {
    const { client } = scripted(() => refused(400, { code: 'VALIDATION_FAILED' }));
    await expect(new StockClient(client).confirm('o1')).rejects.toBeInstanceOf(UpstreamResponseError);
    const bodiless = scripted(() => new UpstreamResponseError('product-service', 500, null)).client;
    await expect(new StockClient(bodiless).confirm('o1')).rejects.toBeInstanceOf(UpstreamResponseError);
  });

  it('names short lines it has no sku or name for by product id alone, and accepts refusals without details', async () => {
    const short = await new StockClient(
      scripted(() =>
        refused(409, { code: 'INSUFFICIENT_STOCK', lines: [{ productId: P2, requested: 1, available: 0 }] }),
      ).client,
    ).reserve('o1', wanted);
    expect(short).toMatchObject({
      reserved: false,
      refusal: { extensions: { lines: [{ productId: P2, requested: 1, available: 0 }] } },
    });
    expect(
      (short as unknown as { refusal: { extensions: { lines: object[] } } }).refusal.extensions.lines[0],
    ).not.toHaveProperty('sku');
    const withoutLines = await new StockClient(
      scripted(() => refused(409, { code: 'INSUFFICIENT_STOCK' })).client,
    ).reserve('o1', wanted);
    expect(withoutLines).toMatchObject({ reserved: false, refusal: { code: 'INSUFFICIENT_STOCK' } });
    const withoutIds = await new StockClient(
      scripted(() => refused(409, { code: 'PRODUCT_UNAVAILABLE' })).client,
    ).reserve('o1', wanted);
    expect(withoutIds).toMatchObject({ reserved: false, refusal: { extensions: { productIds: [] } } });
  });

  it('lets an answer without a problem body through as an uncertain outcome', async () => {
    const { client } = scripted(() => new UpstreamResponseError('product-service', 500, null));
    await expect(new StockClient(client).reserve('o1', wanted)).rejects.toBeInstanceOf(UpstreamResponseError);
  });
});

describe('CartClient', () => {
  it("reads the cart with the shopper's forwarded token and clears ordered lines with the service token", async () => {
    const { client, calls } = scripted((request) =>
      request.method === 'GET'
        ? { lines: [{ productId: P1, quantity: 2, sku: 'MUG', name: 'Mug', unitPrice: 1 }] }
        : undefined,
    );
    const cart = new CartClient(client);
    expect(await cart.read()).toEqual({ lines: [{ productId: P1, quantity: 2, sku: 'MUG', name: 'Mug' }] });
    await cart.clearOrdered('u1', [{ productId: P1, quantity: 2 }]);
    expect(calls).toEqual([
      { method: 'GET', path: '/api/v1/cart', credentials: 'forward' },
      {
        method: 'POST',
        path: '/internal/v1/carts/u1/clear-ordered',
        body: { lines: [{ productId: P1, quantity: 2 }] },
        credentials: 'service',
        idempotent: true,
      },
    ]);
  });

  it('relays a token refused by cart-service as a 401', async () => {
    const { client } = scripted(() => new UpstreamResponseError('cart-service', 401, { code: 'TOKEN_EXPIRED' }));
    await expect(new CartClient(client).read()).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  });

  it('relays any other refused token as TOKEN_INVALID', async () => {
    const { client } = scripted(() => new UpstreamResponseError('cart-service', 401, { code: 'TOKEN_REVOKED' }));
    await expect(new CartClient(client).read()).rejects.toMatchObject({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('reads lines without sku or name (older carts) without inventing them', async () => {
    const { client } = scripted(() => ({ lines: [{ productId: P1, quantity: 1, sku: 7 }] }));
    expect(await new CartClient(client).read()).toEqual({ lines: [{ productId: P1, quantity: 1 }] });
  });

  it('reports being rate-limited by cart-service as a temporary outage', async () => {
    const { client } = scripted(() => new UpstreamResponseError('cart-service', 429, { code: 'RATE_LIMITED' }));
    await expect(new CartClient(client).clearOrdered('u1', [])).rejects.toMatchObject({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });

  it('refuses a cart answer that breaks the contract', async () => {
    const malformed = [
      undefined,
      {},
      { lines: [{ productId: 'nope', quantity: 1 }] },
      { lines: [{ productId: P1, quantity: 1.5 }] },
    ];
    for (const body of malformed)
      await expect(new CartClient(scripted(() => body).client).read()).rejects.toThrow(/cart-service answered/);
  });
});
