import { ApiProperty } from '@nestjs/swagger';

/** Where and how to address a shopper in a mail: nothing more of the account leaves user-service. */
export class ContactView {
  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  email: string;
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 100 })
  name: string;
}

export interface StoredContact {
  email: string;
  displayName: string;
}

export function toContactView(contact: StoredContact): ContactView {
  return { email: contact.email, name: contact.displayName };
}
