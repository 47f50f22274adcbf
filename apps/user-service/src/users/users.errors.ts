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

/** An admin cannot remove their own admin role or disable themselves: the shop must keep an administrator. */
export class OwnAccessChangeError extends DomainError {
  constructor() {
    super(409, 'CANNOT_CHANGE_OWN_ACCESS', 'Conflict', {
      detail: 'Admins cannot remove their own admin role or disable their own account; ask another admin.',
    });
  }
}

export function nothingToChange(): ValidationFailedError {
  return new ValidationFailedError(
    [{ field: 'body', messages: ['at least one field is required'] }],
    'The body changes nothing; send at least one field.',
  );
}
