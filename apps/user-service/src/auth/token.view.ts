import { ApiProperty } from '@nestjs/swagger';

/** A token pair: what login and refresh answer. */
export class TokenView {
  @ApiProperty({
    example: 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJyb2xlcyI6WyJjdXN0b21lciJdfQ.c2ln',
    description: 'A compact JWS (ES256).',
    maxLength: 4096,
  })
  accessToken: string;

  @ApiProperty({
    example: 'q3Vn0cE2hU0Zr1m0kYV7b0dJ5mZ3x2gQy8N4sQf6T1w',
    description: 'Opaque, single use: each refresh returns a new one; reusing an old one ends the session.',
    maxLength: 512,
  })
  refreshToken: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Lifetime of the access token in seconds.' })
  expiresIn: number;
}
