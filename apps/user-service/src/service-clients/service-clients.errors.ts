import { DomainError } from '@app/errors';

/** One answer for an unknown client and a wrong secret, so the endpoint never confirms a client id. */
export class InvalidClientError extends DomainError {
  constructor() {
    super(401, 'INVALID_CLIENT', 'Invalid client', { detail: 'Unknown client or wrong client secret.' });
  }
}
