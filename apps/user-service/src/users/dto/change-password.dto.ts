import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from '../../passwords/is-acceptable-password.decorator';
import { PASSWORD_MIN_CHARACTERS } from '../../passwords/password-policy';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    example: 'a different long passphrase',
    minLength: PASSWORD_MIN_CHARACTERS,
    description: 'The same policy as at registration, and different from the current password.',
  })
  @IsAcceptablePassword()
  newPassword: string;
}
