import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from '../../passwords/is-acceptable-password.decorator';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '../../passwords/password-policy';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple', maxLength: 1024 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    example: 'a different long passphrase',
    minLength: PASSWORD_MIN_CHARACTERS,
    maxLength: PASSWORD_MAX_BYTES,
    description: 'The same policy as at registration, and different from the current password.',
  })
  @IsAcceptablePassword()
  newPassword: string;
}
