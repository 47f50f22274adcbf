import { randomUUID } from 'node:crypto';
import { planVisit, type ShopperStep, thinkTimeMs } from './journey';
import { isTokenPair, retryAfterMs, Session } from './session';
import { type CallResult, type ShopClient } from './shop-api';

const ADDRESS = { name: 'Bench Shopper', line1: '1 Load Street', city: 'Berlin', postalCode: '10115', country: 'DE' };
/** Attempts of one step when the service sheds it (503 + Retry-After): the first and two retries. */
const MAX_ATTEMPTS = 3;

export interface Credentials {
  email: string;
  password: string;
}

export interface ShopperOptions {
  /** Mean think time between two steps (exponential); 0 for none. */
  thinkMs: number;
  random?: () => number;
  /** The clock, in ms; `Date.now` unless a test gives another. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One shopper with an account of its own: logs in once (`logIn`, outside the measured window), then repeats a
 * visit (journey.ts) with think time between steps until the deadline, keeping its session fresh as a client
 * does (session.ts). A step the service sheds is retried after its Retry-After, at most twice; the order is
 * placed with one idempotency key for all its attempts, so a retry never orders twice.
 */
export class VirtualShopper {
  private session?: Session;
  private orderId?: string;
  private itemsInCart = 0;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly credentials: Credentials,
    private readonly productIds: string[],
    private readonly options: ShopperOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  get loggedIn(): boolean {
    return this.session !== undefined;
  }

  /** Logs in, waiting out 503 LOGIN_BUSY (the bcrypt queue is full) until `deadline`; true once in. */
  async logIn(api: ShopClient, deadline: number): Promise<boolean> {
    while (this.now() < deadline) {
      const answer = await api.call('POST /auth/login', 'POST', '/api/v1/auth/login', { json: this.credentials });
      if (isTokenPair(answer.body)) {
        this.session = new Session(answer.body, this.now());
        return true;
      }
      if (answer.status !== 503 && answer.status !== 0) return false;
      await this.sleep(retryAfterMs(answer.retryAfter, this.now()));
    }
    return false;
  }

  /** Visits, one after the other, until `deadline`; the step under way when it passes is finished. */
  async shopUntil(api: ShopClient, deadline: number): Promise<void> {
    while (this.now() < deadline) await this.visit(api, deadline);
  }

  private async visit(api: ShopClient, deadline: number): Promise<void> {
    this.orderId = undefined;
    this.itemsInCart = 0;
    for (const step of planVisit(this.random)) {
      if (this.now() >= deadline) return;
      if (!this.ready(step)) continue;
      const answer = await this.attempt(api, step, deadline);
      if (answer.status === 0 && this.now() >= deadline) return;
      this.observe(step, answer);
      await this.sleep(Math.min(thinkTimeMs(this.options.thinkMs, this.random), Math.max(0, deadline - this.now())));
    }
  }

  /** An order needs something in the cart; paying and tracking need the order. */
  private ready(step: ShopperStep): boolean {
    if (step.kind === 'placeOrder') return this.itemsInCart > 0;
    if (step.kind === 'pay' || step.kind === 'trackOrder') return this.orderId !== undefined;
    return true;
  }

  private observe(step: ShopperStep, answer: CallResult): void {
    const ok = answer.status >= 200 && answer.status < 300;
    if (step.kind === 'addToCart' && ok) this.itemsInCart += 1;
    if (step.kind === 'placeOrder' && ok && typeof answer.body.id === 'string') this.orderId = answer.body.id;
  }

  /** One step: refreshed first when the session is due, retried after Retry-After when shed. */
  private async attempt(api: ShopClient, step: ShopperStep, deadline: number): Promise<CallResult> {
    const idempotencyKey = randomUUID();
    let answer: CallResult = { status: 0, body: {} };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await this.keepSessionFresh(api);
      answer = await this.send(api, step, idempotencyKey);
      if (answer.status === 401 && answer.body.code === 'TOKEN_EXPIRED' && (await this.refresh(api)))
        answer = await this.send(api, step, idempotencyKey);
      if (answer.status !== 503 || attempt === MAX_ATTEMPTS) return answer;
      const wait = retryAfterMs(answer.retryAfter, this.now());
      if (this.now() + wait >= deadline) return answer;
      await this.sleep(wait);
    }
    return answer;
  }

  private send(api: ShopClient, step: ShopperStep, idempotencyKey: string): Promise<CallResult> {
    const token = this.session?.accessToken;
    switch (step.kind) {
      case 'browse':
        return api.call(step.label, 'GET', `/api/v1/products?page=${step.page}&pageSize=20`);
      case 'search':
        return api.call(step.label, 'GET', `/api/v1/products?${step.query}`);
      case 'viewProduct':
        return api.call(step.label, 'GET', `/api/v1/products/${this.anyProduct()}`);
      case 'addToCart':
        return api.call(step.label, 'POST', '/api/v1/cart/items', {
          token,
          json: { productId: this.anyProduct(), quantity: 1 },
        });
      case 'viewCart':
        return api.call(step.label, 'GET', '/api/v1/cart', { token });
      case 'placeOrder':
        return api.call(step.label, 'POST', '/api/v1/orders', {
          token,
          json: { shippingAddress: ADDRESS },
          headers: { 'idempotency-key': idempotencyKey },
        });
      case 'pay':
        // The sandbox locally, Stripe's test mode against staging: pm_card_visa succeeds.
        return api.call(step.label, 'POST', `/api/v1/orders/${this.orderId}/payment`, {
          token,
          json: { paymentMethod: 'pm_card_visa' },
        });
      case 'trackOrder':
        return api.call(step.label, 'GET', `/api/v1/orders/${this.orderId}`, { token });
    }
  }

  private async keepSessionFresh(api: ShopClient): Promise<void> {
    if (this.session?.needsRefresh(this.now())) await this.refresh(api);
  }

  private async refresh(api: ShopClient): Promise<boolean> {
    if (!this.session) return false;
    const answer = await api.call('POST /auth/refresh', 'POST', '/api/v1/auth/refresh', {
      json: { refreshToken: this.session.refreshToken },
    });
    if (!isTokenPair(answer.body)) return false;
    this.session.renew(answer.body, this.now());
    return true;
  }

  private anyProduct(): string {
    return this.productIds[Math.floor(this.random() * this.productIds.length)];
  }
}
