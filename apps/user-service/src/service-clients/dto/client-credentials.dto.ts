import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** OAuth2 client-credentials grant, in the JSON camelCase form of docs/contracts/internal-api.md. */
export class ClientCredentialsDto {
  @ApiProperty({ example: 'client_credentials', enum: ['client_credentials'] })
  @IsIn(['client_credentials'])
  grantType: 'client_credentials';

  @ApiProperty({ example: 'cart-service', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  clientId: string;

  @ApiProperty({
    example: 'the-client-secret',
    description: 'The plaintext secret; only its SHA-256 is configured here.',
    minLength: 1,
    maxLength: 512,
  })
  @IsString()
  @Length(1, 512)
  clientSecret: string;
}
