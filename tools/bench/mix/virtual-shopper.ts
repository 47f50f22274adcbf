import { randomUUID } from 'node:crypto';
import { type ShopApi } from './shop-api';
import { type ShopperAction } from './weighted-choice';

const ADDRESS = { name: 'Bench Shopper', line1: '1 Load Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

/** One shopper with an account of its own, acting out the mix against the public API. */
export class VirtualShopper {
  private token = '';
  private readonly email = `bench-${randomUUID()}@example.com`;
  private readonly password = `Bench-${randomUUID()}`;

  /** `setupApi` records the account creation apart from the measured mix recorded by `api`. */
  constructor(
    private readonly setupApi: ShopApi,
    private readonly api: ShopApi,
    private readonly productIds: string[],
  ) {}

  async setUp(): Promise<void> {
    await this.setupApi.call('register', 'POST', '/api/v1/auth/register', {
      json: { email: this.email, password: this.password, displayName: 'Bench shopper' },
    });
    await this.logIn(this.setupApi);
    if (!this.token)
      throw new Error(
        'a virtual shopper could not log in: is user-service up and rate limiting relaxed for the benchmark?',
      );
  }

  async act(action: ShopperAction): Promise<void> {
    switch (action) {
      case 'browseCatalog':
        await this.api.call(
          'GET /products',
          'GET',
          `/api/v1/products?page=${1 + Math.floor(Math.random() * 3)}&pageSize=20`,
        );
        return;
      case 'viewProduct':
        await this.api.call('GET /products/:id', 'GET', `/api/v1/products/${this.anyProduct()}`);
        return;
      case 'viewCart':
        await this.api.call('GET /cart', 'GET', '/api/v1/cart', { token: this.token });
        return;
      case 'addToCart':
        await this.addToCart('POST /cart/items');
        return;
      case 'placeOrder':
        // An order needs a non-empty cart; the add is recorded under its own label.
        await this.addToCart('POST /cart/items (before order)');
        await this.placeAndPay();
        return;
      case 'logIn':
        await this.logIn(this.api);
        return;
    }
  }

  /** A shopper pays for what they order (the sandbox locally, Stripe's test mode against staging). */
  private async placeAndPay(): Promise<void> {
    const placed = await this.api.call('POST /orders', 'POST', '/api/v1/orders', {
      token: this.token,
      json: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (typeof placed.body.id !== 'string') return;
    await this.api.call('POST /orders/:id/payment', 'POST', `/api/v1/orders/${placed.body.id}/payment`, {
      token: this.token,
      json: { paymentMethod: 'pm_card_visa' },
    });
  }

  private async addToCart(label: string): Promise<void> {
    await this.api.call(label, 'POST', '/api/v1/cart/items', {
      token: this.token,
      json: { productId: this.anyProduct(), quantity: 1 },
    });
  }

  private async logIn(api: ShopApi): Promise<void> {
    const result = await api.call('POST /auth/login', 'POST', '/api/v1/auth/login', {
      json: { email: this.email, password: this.password },
    });
    if (typeof result.body.accessToken === 'string') this.token = result.body.accessToken;
  }

  private anyProduct(): string {
    return this.productIds[Math.floor(Math.random() * this.productIds.length)];
  }
}
