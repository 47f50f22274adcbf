import { Injectable } from '@nestjs/common';
import { UserRepository } from './user.repository';
import { type ContactView, toContactView } from './contact.view';
import { UserNotFoundError } from './users.errors';

/** The contact other services mail a shopper at (notification-service). */
@Injectable()
export class UsersContactService {
  constructor(private readonly users: UserRepository) {}

  /** A disabled account is answered as unknown: nobody mails an account an admin has switched off. */
  async contact(id: string): Promise<ContactView> {
    const contact = await this.users.findActiveContact(id);
    if (!contact) throw new UserNotFoundError();
    return toContactView(contact);
  }
}
