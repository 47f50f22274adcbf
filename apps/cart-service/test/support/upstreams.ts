import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceConfig } from '@app/config';
import { createServiceApp } from '@app/service-kit';
import { productService } from '../../../product-service/src/product-service';
import { userService } from '../../../user-service/src/user-service';
import { http } from '../../../../test/support/http';
import { signTestToken, testKeys } from '../../../../test/support/keys';
import { startTestService, testEnvironment, type TestService } from '../../../../test/support/test-service';
import { type ProductInput, type Upstreams } from './upstream-fixture';

const QUIET = { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000' };
const PRODUCT_ENV = { ...QUIET, CATALOG_CACHE_TTL_SECONDS: '0' };
const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });

/**
 * user-service (cart-service's client credentials, tokens signed with the test key pair every service trusts)
 * and product-service, both real, on loopback. Products are managed through product-service's admin API.
 */
export async function startUpstreams(): Promise<Upstreams> {
  const secret = randomBytes(32).toString('base64url');
  const secretSha256 = createHash('sha256').update(secret).digest('hex');
  const user = await startTestService(userService, {
    ...QUIET,
    JWT_PRIVATE_KEY: testKeys.privateKey,
    BCRYPT_COST: '4',
    SERVICE_CLIENTS: JSON.stringify([{ clientId: 'cart-service', secretSha256 }]),
  });
  const first = await startTestService(productService, PRODUCT_ENV);
  const productUrl = first.baseUrl;
  const productDatabase = first.app.get(ServiceConfig).database.dbName;
  let product: Pick<TestService, 'close'> | undefined = first;
  const admin = signTestToken({ sub: randomBytes(12).toString('hex'), roles: ['admin'] });

  async function adminCall(method: string, path: string, json: unknown): Promise<Record<string, unknown>> {
    const result = await http(productUrl, `/api/v1/products${path}`, { method, token: admin, json });
    if (result.status >= 300) throw new Error(`product-service ${method} ${path}: ${result.status} ${result.text}`);
    return result.json;
  }

  return {
    cartEnvironment: () => ({
      PRODUCT_SERVICE_URL: productUrl,
      USER_SERVICE_URL: user.baseUrl,
      SERVICE_CLIENT_ID: 'cart-service',
      SERVICE_CLIENT_SECRET: secret,
    }),
    async createProduct(input: ProductInput = {}) {
      const created = await adminCall('POST', '', {
        sku: `SKU-${randomBytes(5).toString('hex')}`,
        name: input.name ?? 'Product',
        price: input.price ?? 1000,
        currency: input.currency ?? 'EUR',
        stock: input.stock ?? 100,
        category: 'test',
        active: input.active ?? true,
      });
      return created.id as string;
    },
    async updateProduct(id, changes) {
      await adminCall('PATCH', `/${id}`, changes);
    },
    async stopProductService() {
      await product?.close();
      product = undefined;
    },
    async restartProductService() {
      // Same port and database: what cart-service sees when product-service comes back after an outage.
      const environment = testEnvironment({ ...PRODUCT_ENV, MONGODB_DB_NAME: productDatabase });
      const app: NestFastifyApplication = await createServiceApp(productService, {
        environment,
        logDestination: discard,
      });
      await app.listen(Number(new URL(productUrl).port), '127.0.0.1');
      product = app;
    },
    async close() {
      await product?.close();
      await user.close();
    },
  };
}
