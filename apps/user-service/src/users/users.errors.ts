import { DomainError, NotFoundError, ValidationFailedError } from '@app/errors';

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('USER_NOT_FOUND', 'No such user.');
  }
}

export class CurrentPasswordIncorrectError extends DomainError {
  constructor() {
    super(403, 'CURRENT_PASSWORD_INCORRECT', 'Forbidden', { detail: 'The current password is incorrect.' });
  }
}

/**
 * Admins never change their own roles or status, in either direction: a stolen admin token cannot
 * re-promote or re-enable the account it belongs to, and nobody demotes themself by mistake.
 */
export class OwnAccessChangeError extends DomainError {
  constructor() {
    super(403, 'CANNOT_CHANGE_OWN_ACCESS', 'Forbidden', {
      detail: 'Admins cannot change their own roles or status; ask another admin.',
    });
  }
}

/** The shop always keeps one active admin: the last one can be neither demoted nor disabled. */
export class LastAdminError extends DomainError {
  constructor() {
    super(409, 'LAST_ADMIN', 'Conflict', {
      detail: 'This is the last active admin; promote another account first.',
    });
  }
}

export function nothingToChange(): ValidationFailedError {
  return new ValidationFailedError(
    [{ field: 'body', messages: ['at least one field is required'] }],
    'The body changes nothing; send at least one field.',
  );
}
