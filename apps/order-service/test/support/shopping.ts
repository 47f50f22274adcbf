import { randomUUID } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { eventually, http, type HttpResult } from '../../../../test/support/http';
import { signTestToken } from '../../../../test/support/keys';
import { type TestService } from '../../../../test/support/test-service';
import { type Shop } from './shop';

export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JU',
  country: 'GB',
};

export const adminToken = (): string => signTestToken({ sub: new Types.ObjectId().toHexString(), roles: ['admin'] });

/** A shopper of their own (a fresh user id) with a valid access token. */
export function newShopper(): { id: string; token: string } {
  const id = new Types.ObjectId().toHexString();
  return { id, token: signTestToken({ sub: id, roles: ['customer'] }) };
}

let skus = 0;

export async function createProduct(shop: Shop, stock: number, price = 1250, name?: string): Promise<string> {
  skus += 1;
  const sku = `T-${Date.now().toString(36)}-${skus}`.toUpperCase();
  const created = await http(shop.product.baseUrl, '/api/v1/products', {
    method: 'POST',
    token: adminToken(),
    json: { sku, name: name ?? `Product ${sku}`, price, currency: 'EUR', stock, category: 'test' },
  });
  if (created.status !== 201) throw new Error(`product not created: ${created.status} ${created.text}`);
  return created.json.id as string;
}

export async function stockOf(shop: Shop, productId: string): Promise<number> {
  const product = await http(shop.product.baseUrl, `/api/v1/products/${productId}`);
  if (product.status !== 200) throw new Error(`product not read: ${product.status} ${product.text}`);
  return product.json.stock as number;
}

export async function addToCart(shop: Shop, token: string, productId: string, quantity: number): Promise<void> {
  const added = await http(shop.cart.baseUrl, '/api/v1/cart/items', {
    method: 'POST',
    token,
    json: { productId, quantity },
  });
  if (added.status >= 300) throw new Error(`not added to the cart: ${added.status} ${added.text}`);
}

export async function cartLines(shop: Shop, token: string): Promise<{ productId: string; quantity: number }[]> {
  const cart = await http(shop.cart.baseUrl, '/api/v1/cart', { token });
  if (cart.status !== 200) throw new Error(`cart not read: ${cart.status} ${cart.text}`);
  return cart.json.lines as { productId: string; quantity: number }[];
}

export function placeOrder(
  shop: Shop,
  token: string,
  key: string | null = randomUUID(),
  body: unknown = { shippingAddress: ADDRESS },
  signal?: AbortSignal,
): Promise<HttpResult> {
  return http(shop.order.baseUrl, '/api/v1/orders', {
    method: 'POST',
    token,
    headers: key === null ? {} : { 'idempotency-key': key },
    json: body,
    signal,
  });
}

/** Pays for an order as its shopper would: POST /orders/{id}/payment with a payment method (the sandbox's test ids). */
export function payOrder(
  shop: Shop,
  token: string,
  id: string,
  method = 'pm_card_visa',
  signal?: AbortSignal,
): Promise<HttpResult> {
  return http(shop.order.baseUrl, `/api/v1/orders/${id}/payment`, {
    method: 'POST',
    token,
    json: { paymentMethod: method },
    signal,
  });
}

/** Places an order and pays it with the sandbox's succeeding card; throws unless both worked. The paid order. */
export async function placePaidOrder(shop: Shop, token: string): Promise<Record<string, unknown>> {
  const placed = await placeOrder(shop, token);
  if (placed.status !== 201) throw new Error(`order not placed: ${placed.status} ${placed.text}`);
  const paid = await payOrder(shop, token, placed.json.id as string);
  if (paid.status !== 200 || paid.json.status !== 'succeeded')
    throw new Error(`order not paid: ${paid.status} ${paid.text}`);
  return paid.json.order as Record<string, unknown>;
}

/** Retries a placement with the same key until it is created, as a client does once the upstreams are back. */
export async function placeOrderOnceBack(shop: Shop, token: string, key: string): Promise<HttpResult> {
  let placed: HttpResult | undefined;
  await eventually(
    async () => {
      placed = await placeOrder(shop, token, key);
      return placed.status === 201;
    },
    10_000,
    300,
  );
  return placed!;
}

/** Stock reservations still holding units at product-service (its own collection, read for the assertion). */
export function holdingReservations(shop: Shop): Promise<number> {
  return collectionOf(shop.product, 'stock_reservations').countDocuments({ status: { $in: ['PENDING', 'RESERVED'] } });
}

/** Where product-service's reservation for this order stands (PENDING, RESERVED, CONFIRMED, RELEASED...), if any. */
export async function reservationStatus(shop: Shop, orderId: string): Promise<string | undefined> {
  const reservation = await collectionOf(shop.product, 'stock_reservations').findOne({ _id: orderId as never });
  return reservation?.status as string | undefined;
}

/** order-service's own orders collection, for assertions on what was (not) stored. */
export const ordersCollection = (shop: Shop) => collectionOf(shop.order, 'orders');

function collectionOf(service: TestService, name: string) {
  return service.app.get<Connection>(getConnectionToken()).collection(name);
}
