import { ApiProperty } from '@nestjs/swagger';
import { type Types } from 'mongoose';
import { ROLES, type Role } from '@app/auth';

/** What the API shows of an account: built field by field, so a hash or lockout state can never leak. */
export class UserView {
  @ApiProperty({ example: '65a0000000000000000000aa', pattern: '^[0-9a-f]{24}$', maxLength: 24 })
  id: string;
  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  email: string;
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 100 })
  displayName: string;
  @ApiProperty({ example: ['customer'], enum: ROLES, isArray: true, maxItems: ROLES.length })
  roles: Role[];
  @ApiProperty({ example: true })
  active: boolean;
  @ApiProperty({
    example: '2025-01-01T12:00:00.000Z',
    nullable: true,
    type: String,
    format: 'date-time',
    maxLength: 30,
  })
  lastLoginAt: Date | null;
  @ApiProperty({ example: '2025-01-01T12:00:00.000Z', type: String, format: 'date-time', maxLength: 30 })
  createdAt: Date;
  @ApiProperty({ example: '2025-01-01T12:00:00.000Z', type: String, format: 'date-time', maxLength: 30 })
  updatedAt: Date;
}

export interface StoredUser {
  _id: Types.ObjectId;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  lastLoginAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toUserView(user: StoredUser): UserView {
  return {
    id: String(user._id),
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    active: user.active !== false,
    lastLoginAt: user.lastLoginAt ?? null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** What an admin sees of one account: the view, plus a running lock (distributed attack on its password). */
export class AdminUserView extends UserView {
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: 'date-time',
    maxLength: 30,
    description:
      'Set while the account is locked because failed logins came from many addresses; lifted by active: true.',
  })
  lockedUntil: Date | null;
}

export function toAdminUserView(user: StoredUser, lockedUntil: Date | null): AdminUserView {
  return { ...toUserView(user), lockedUntil };
}
