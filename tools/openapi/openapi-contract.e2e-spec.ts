import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { type OpenAPIObject } from '@nestjs/swagger';
import { PrivilegeCheckGuard, PrivilegeCheckUnavailableError, SessionRevokedError } from '@app/auth';
import { routeHandlers } from '@app/errors';
import { testKeys } from '../../test/support/keys';
import { testEnvironment } from '../../test/support/test-service';
import { documentPath, generateOpenApiDocuments, serialise } from './generate-openapi';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The operation ids (`Controller_handler`, swagger's default) of the routes the app runs PrivilegeCheckGuard on. */
function privilegedOperationIds(app: INestApplication): string[] {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values())
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      const onController = (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
      for (const [name, handler] of routeHandlers(controller)) {
        const onHandler = (Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? [];
        if ([...onController, ...onHandler].includes(PrivilegeCheckGuard)) ids.add(`${controller.name}_${name}`);
      }
    }
  return [...ids];
}

/**
 * The committed documents in docs/api/ (public) and docs/api/internal/ (service-to-service) are the API contract: this fails when the code serves anything else.
 * `npm run openapi` runs it with UPDATE_OPENAPI=1 to rewrite them from the code.
 */
describe('OpenAPI contracts in docs/api/', () => {
  let documents: Map<string, OpenAPIObject>;
  const privileged = new Map<string, string[]>();

  beforeAll(async () => {
    // user-service needs its signing key to start, cart and order their client credentials (no upstream is
    // called while a document is built); each service ignores what it does not read.
    documents = await generateOpenApiDocuments(
      testEnvironment({
        JWT_PRIVATE_KEY: testKeys.privateKey,
        BCRYPT_COST: '4',
        SERVICE_CLIENT_ID: 'openapi-generator',
        SERVICE_CLIENT_SECRET: 'unused',
        USER_SERVICE_URL: 'http://127.0.0.1:9',
      }),
      (service, app) => {
        const ids = privilegedOperationIds(app);
        if (ids.length > 0) privileged.set(service, ids);
      },
    );
  }, 60_000);

  it('match what the services serve', () => {
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
  });

  it('document on every route behind the privilege check what it answers, as its errors are sent', () => {
    expect([...privileged.keys()].sort()).toEqual(['order-service', 'product-service', 'user-service']);
    const revoked = new SessionRevokedError();
    const unavailable = new PrivilegeCheckUnavailableError();
    for (const [service, ids] of privileged) {
      const operations = new Map<string, Json>();
      for (const [name, document] of documents)
        if (name === service || name === `internal/${service}`)
          for (const item of Object.values(document.paths) as Json[])
            for (const operation of Object.values(item) as Json[]) operations.set(operation.operationId, operation);
      for (const id of ids) {
        const responses = operations.get(id)?.responses as Json | undefined;
        expect({ id, found: responses !== undefined }).toEqual({ id, found: true });
        const examples = (status: number): Json =>
          (responses?.[status]?.content?.['application/problem+json']?.examples ?? {}) as Json;
        // The 401 still names the AuthGuard's codes beside the guard's own, whatever style the service uses.
        for (const code of ['AUTHENTICATION_REQUIRED', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'SESSION_REVOKED'])
          expect({ id, code, described: String(responses?.[401]?.description).includes(code) }).toEqual({
            id,
            code,
            described: true,
          });
        expect({ id, body: examples(401)[revoked.code]?.value as unknown }).toMatchObject({
          id,
          body: { status: 401, code: revoked.code, title: revoked.title, detail: revoked.detail },
        });
        expect({ id, body: examples(503)[unavailable.code]?.value as unknown }).toMatchObject({
          id,
          body: { status: 503, code: unavailable.code, title: unavailable.title, detail: unavailable.detail },
        });
      }
    }
    // A route's own 503 stays documented beside the privilege check's.
    const place = (documents.get('order-service')?.paths['/api/v1/orders'] as Json).post.responses as Json;
    expect(place['503'].description).toContain('UPSTREAM_UNAVAILABLE');
    expect(place['503'].description).toContain(unavailable.code);
  });
});
