import { type Role } from '@app/auth';
import { type RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type AccessTokenSigner } from '../tokens/access-token.signer';
import { TokenIssuer } from './token-issuer';

const session = { userId: 'u1', sessionId: 's1', refreshToken: 'refresh' };

describe('TokenIssuer.pair', () => {
  const signedRoles = (roles: readonly Role[] | undefined) => {
    const signer = {
      sign: jest.fn((_userId: string, _roles: Role[], _sid: string) => ({ accessToken: 'access', expiresIn: 900 })),
    };
    new TokenIssuer({} as RefreshSessionsService, signer as unknown as AccessTokenSigner).pair(
      session,
      roles as readonly Role[],
    );
    return signer.sign.mock.calls[0][1];
  };

  it('signs customer and admin roles only: an account never gets the service role', () => {
    expect(signedRoles(['admin', 'service', 'customer'])).toEqual(['admin', 'customer']);
  });

  it('falls back to customer for an account stored without usable roles', () => {
    expect(signedRoles(undefined)).toEqual(['customer']);
    expect(signedRoles(['service'])).toEqual(['customer']);
  });
});
