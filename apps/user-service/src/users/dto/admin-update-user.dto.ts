import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn } from 'class-validator';
import { Optional } from '@app/validation';

/** Roles an account can hold; `service` is only ever given to client-credentials tokens. */
export const ACCOUNT_ROLES = ['customer', 'admin'] as const;

export class AdminUpdateUserDto {
  @ApiPropertyOptional({
    enum: ACCOUNT_ROLES,
    isArray: true,
    minItems: 1,
    maxItems: ACCOUNT_ROLES.length,
    example: ['customer', 'admin'],
  })
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ACCOUNT_ROLES.length)
  @ArrayUnique()
  @IsIn(ACCOUNT_ROLES, { each: true })
  roles?: (typeof ACCOUNT_ROLES)[number][];

  @ApiPropertyOptional({
    example: false,
    description: 'false disables the account and ends its sessions; true enables it and clears a lockout.',
  })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
