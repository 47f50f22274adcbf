import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { signTestToken, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { AccessTokenVerifier } from './access-token-verifier';
import { type AuthenticationError } from './auth-errors';
import { AuthGuard } from './auth.guard';
import { NoStore, Public, RequireScope, Roles } from './decorators';
import { RequestAuthenticator } from './request-authenticator';

const guard = new AuthGuard(
  new Reflector(),
  new RequestAuthenticator(
    new AccessTokenVerifier({ publicKey: testKeys.publicKey, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
  ),
);

@Roles('service')
@RequireScope('stock:reserve')
class Reservations {
  reserve(): void {}
}
class Catalog {
  @Public() list(): void {}
  @Public() @NoStore() personal(): void {}
  @Public() login(): void {}
}
class Cart {
  view(): void {}
}

interface Outcome {
  status: number;
  code?: string;
  cacheControl?: string;
}

function call(controller: object, handler: () => void, token?: string, method = 'GET'): Outcome {
  const headers: Record<string, string> = {};
  const request = { method, headers: token ? { authorization: `Bearer ${token}` } : {} };
  const response = { header: (name: string, value: string) => (headers[name.toLowerCase()] = value) };
  const context = {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  try {
    guard.canActivate(context);
    return { status: 200, cacheControl: headers['cache-control'] };
  } catch (error) {
    const problem = error as AuthenticationError;
    return { status: problem.status, code: problem.code, cacheControl: headers['cache-control'] };
  }
}

const service = (scope?: string) => signTestToken({ sub: 'cart-service', roles: ['service'], scope });

describe('AuthGuard', () => {
  it('lets a service token in only with the scope the route requires', () => {
    const reserve = Reservations.prototype.reserve;
    expect(call(Reservations, reserve, service('stock:reserve cart:clear')).status).toBe(200);
    expect(call(Reservations, reserve, service('products:read'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(call(Reservations, reserve, service())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(call(Reservations, reserve, signTestToken({ roles: ['admin'], scope: 'stock:reserve' })).status).toBe(403);
  });

  it('answers 401 for an expired or forged token on a public route instead of serving it anonymously', () => {
    const list = Catalog.prototype.list;
    expect(call(Catalog, list).status).toBe(200);
    expect(call(Catalog, list, signTestToken({ expiresInSeconds: -60 }))).toMatchObject({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    expect(call(Catalog, list, 'a.b.c')).toMatchObject({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('forbids caching of authenticated answers, public writes and @NoStore() reads, not of public reads', () => {
    expect(call(Cart, Cart.prototype.view, signTestToken()).cacheControl).toBe('no-store');
    expect(call(Cart, Cart.prototype.view).cacheControl).toBe('no-store');
    expect(call(Catalog, Catalog.prototype.login, undefined, 'POST').cacheControl).toBe('no-store');
    expect(call(Catalog, Catalog.prototype.personal).cacheControl).toBe('no-store');
    expect(call(Catalog, Catalog.prototype.list).cacheControl).toBeUndefined();
  });
});
