import { ApiProperty } from '@nestjs/swagger';

/** A service token: what the client-credentials grant answers. */
export class ServiceTokenView {
  @ApiProperty({
    example: 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJyb2xlcyI6WyJzZXJ2aWNlIl19.c2ln',
    description: 'A compact JWS (ES256).',
    maxLength: 4096,
  })
  accessToken: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Lifetime in seconds; cache the token until shortly before.' })
  expiresIn: number;

  @ApiProperty({
    example: 'stock:reserve cart:clear',
    description: "The token's scopes, space-separated (RFC 6749 5.1): the client's configured scopes only.",
    maxLength: 200,
  })
  scope: string;
}
