import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Body of refresh and logout: the opaque refresh token from the last token response. */
export class RefreshTokenDto {
  @ApiProperty({
    example: 'q3Vn0cE2hU0Zr1m0kYV7b0dJ5mZ3x2gQy8N4sQf6T1w',
    description: 'Opaque; base64url.',
    pattern: '^[A-Za-z0-9_-]{20,512}$',
    minLength: 20,
    maxLength: 512,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,512}$/, { message: 'refreshToken must be an opaque base64url token' })
  refreshToken: string;
}
