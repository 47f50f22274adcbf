import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { testKeys } from '../../test/support/keys';
import { testEnvironment } from '../../test/support/test-service';
import { documentPath, generateOpenApiDocuments, serialise } from './generate-openapi';

/**
 * The committed documents in docs/api/ (public) and docs/api/internal/ (service-to-service) are the API contract: this fails when the code serves anything else.
 * `npm run openapi` runs it with UPDATE_OPENAPI=1 to rewrite them from the code.
 */
describe('OpenAPI contracts in docs/api/', () => {
  it('match what the services serve', async () => {
    // user-service needs its signing key to start, cart and order their client credentials (no upstream is
    // called while a document is built); each service ignores what it does not read.
    const documents = await generateOpenApiDocuments(
      testEnvironment({
        JWT_PRIVATE_KEY: testKeys.privateKey,
        BCRYPT_COST: '4',
        SERVICE_CLIENT_ID: 'openapi-generator',
        SERVICE_CLIENT_SECRET: 'unused',
        USER_SERVICE_URL: 'http://127.0.0.1:9',
      }),
    );
    const stale: string[] = [];
    for (const [service, document] of documents) {
      const path = documentPath(service);
      const current = serialise(document);
      if (process.env.UPDATE_OPENAPI === '1') writeFileSync(path, current);
      else if (!existsSync(path) || readFileSync(path, 'utf8') !== current) stale.push(path);
    }
    // Four public documents, and the internal routes of product-, user- and cart-service apart from them.
    expect([...documents.keys()].sort()).toEqual([
      'cart-service',
      'internal/cart-service',
      'internal/product-service',
      'internal/user-service',
      'order-service',
      'product-service',
      'user-service',
    ]);
    if (stale.length > 0)
      throw new Error(`Out of date: ${stale.join(', ')}. Run \`npm run openapi\` and commit the result.`);
  }, 60_000);
});
