import { DomainError } from '@app/errors';

/**
 * The bcrypt queue is full (BCRYPT_QUEUE_MAX jobs waiting or running): answering at once with a retry
 * time beats letting a burst of logins queue up for seconds and time out, holding memory meanwhile.
 */
export class LoginBusyError extends DomainError {
  constructor(retryAfterSeconds = 1) {
    super(503, 'LOGIN_BUSY', 'Service unavailable', {
      detail: 'Too many password checks are in progress; retry shortly.',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
