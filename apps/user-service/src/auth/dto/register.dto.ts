import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Trim } from '@app/validation';
import { NormalizeEmail } from '../../users/normalize-email';
import { IsAcceptablePassword } from '../../passwords/is-acceptable-password.decorator';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '../../passwords/password-policy';

/**
 * A new shopper account. Only these three fields are accepted: a body that also sends `role`, `roles`,
 * `isAdmin`, `id` or anything else is rejected (400), so nobody can register with privileges.
 */
export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254, description: 'Stored trimmed and lower-cased.' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_CHARACTERS,
    maxLength: PASSWORD_MAX_BYTES,
    description: `At least ${PASSWORD_MIN_CHARACTERS} characters, at most ${PASSWORD_MAX_BYTES} bytes in UTF-8, at least 4 different characters, not containing the email.`,
  })
  @IsAcceptablePassword('email')
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'displayName must not contain control characters' })
  displayName: string;
}
