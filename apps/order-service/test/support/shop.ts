import { createHash, randomBytes } from 'node:crypto';
import { cartService } from '../../../cart-service/src/cart-service';
import { productService } from '../../../product-service/src/product-service';
import { userService } from '../../../user-service/src/user-service';
import { testKeys } from '../../../../test/support/keys';
import { startTestService, type TestService } from '../../../../test/support/test-service';
import { orderService } from '../../src/order-service';
import { FaultProxy } from './fault-proxy';

export interface ShopOptions {
  /** Extra settings of order-service (e.g. a short ORDER_SAGA_STALE_SECONDS). */
  order?: Record<string, string>;
  /** Extra settings of product-service (e.g. a short RESERVATION_TTL_SECONDS). */
  product?: Record<string, string>;
}

/** The four services on loopback, agreeing on keys and client credentials, with fault proxies in front of the order-service's upstreams. */
export interface Shop {
  user: TestService;
  product: TestService;
  cart: TestService;
  order: TestService;
  /** Between order-service and cart-service / product-service. */
  cartProxy: FaultProxy;
  productProxy: FaultProxy;
  orderClientSecret: string;
  close(): Promise<void>;
}

const QUIET = { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000', HTTP_TIMEOUT_MS: '3000', HTTP_RETRIES: '1' };

export async function startShop(options: ShopOptions = {}): Promise<Shop> {
  const secrets = { cart: randomBytes(32).toString('base64url'), order: randomBytes(32).toString('base64url') };
  const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
  const user = await startTestService(userService, {
    ...QUIET,
    JWT_PRIVATE_KEY: testKeys.privateKey,
    BCRYPT_COST: '4',
    SERVICE_CLIENTS: JSON.stringify([
      { clientId: 'cart-service', secretSha256: sha256(secrets.cart) },
      { clientId: 'order-service', secretSha256: sha256(secrets.order) },
    ]),
  });
  const product = await startTestService(productService, {
    ...QUIET,
    CATALOG_CACHE_TTL_SECONDS: '0',
    ...options.product,
  });
  const cart = await startTestService(cartService, {
    ...QUIET,
    PRODUCT_SERVICE_URL: product.baseUrl,
    USER_SERVICE_URL: user.baseUrl,
    SERVICE_CLIENT_ID: 'cart-service',
    SERVICE_CLIENT_SECRET: secrets.cart,
  });
  const cartProxy = await new FaultProxy(cart.baseUrl).start();
  const productProxy = await new FaultProxy(product.baseUrl).start();
  const order = await startTestService(orderService, {
    ...QUIET,
    CART_SERVICE_URL: cartProxy.url,
    PRODUCT_SERVICE_URL: productProxy.url,
    USER_SERVICE_URL: user.baseUrl,
    SERVICE_CLIENT_ID: 'order-service',
    SERVICE_CLIENT_SECRET: secrets.order,
    BREAKER_RESET_TIMEOUT_MS: '1000',
    ORDER_SWEEP_INTERVAL_MS: '0',
    ...options.order,
  });
  const close = async () => {
    await order.close();
    await Promise.all([cartProxy.stop(), productProxy.stop()]);
    await cart.close();
    await Promise.all([product.close(), user.close()]);
  };
  return { user, product, cart, order, cartProxy, productProxy, orderClientSecret: secrets.order, close };
}
