import { DomainError } from '@app/errors';

const REALM = 'Bearer realm="ecommerce"';

/** 401 with the RFC 6750 challenge, so clients know whether to log in or to refresh. */
export class AuthenticationError extends DomainError {
  constructor(code: 'AUTHENTICATION_REQUIRED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID', detail: string) {
    const challenge =
      code === 'AUTHENTICATION_REQUIRED' ? REALM : `${REALM}, error="invalid_token", error_description="${detail}"`;
    super(401, code, code === 'AUTHENTICATION_REQUIRED' ? 'Authentication required' : 'Invalid access token', {
      detail,
      headers: { 'WWW-Authenticate': challenge },
    });
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'You are not allowed to do this.') {
    super(403, 'FORBIDDEN', 'Forbidden', {
      detail,
      headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_scope"` },
    });
  }
}
