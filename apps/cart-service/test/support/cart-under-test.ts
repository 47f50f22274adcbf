import { randomBytes } from 'node:crypto';
import { signTestToken } from '../../../../test/support/keys';
import { startTestService, type TestService } from '../../../../test/support/test-service';
import { cartService } from '../../src/cart-service';
import { cartClient, type CartClient } from './cart-client';
import { startUpstreams } from './upstreams';
import { type Upstreams } from './upstream-fixture';

export const randomObjectId = (): string => randomBytes(12).toString('hex');

export interface CartUnderTest {
  cart: TestService;
  upstreams: Upstreams;
  /** A new shopper (fresh user id) with a client carrying their token. */
  shopper(): { sub: string; token: string; api: CartClient };
  close(): Promise<void>;
}

/** cart-service with its real upstreams (user-service for the service token, product-service) on loopback. */
export async function startCartUnderTest(env: Record<string, string> = {}): Promise<CartUnderTest> {
  const upstreams = await startUpstreams();
  const cart = await startTestService(cartService, { ...upstreams.cartEnvironment(), RATE_LIMIT_MAX: '10000', ...env });
  return {
    cart,
    upstreams,
    shopper() {
      const sub = randomObjectId();
      const token = signTestToken({ sub });
      return { sub, token, api: cartClient(cart.baseUrl, token) };
    },
    async close() {
      await cart.close();
      await upstreams.close();
    },
  };
}
