import { ApiProperty } from '@nestjs/swagger';
import { type PublicJwk } from './jwk';

/** The JSON Web Key Set: the public keys access tokens can be verified with. */
export class JwksView {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['kty', 'kid', 'alg', 'use'],
      properties: {
        kty: { type: 'string', enum: ['EC', 'RSA'] },
        kid: { type: 'string', maxLength: 100 },
        alg: { type: 'string', enum: ['ES256', 'RS256'] },
        use: { type: 'string', enum: ['sig'] },
        crv: { type: 'string', maxLength: 20 },
        x: { type: 'string', maxLength: 100 },
        y: { type: 'string', maxLength: 100 },
        n: { type: 'string', maxLength: 4096 },
        e: { type: 'string', maxLength: 20 },
      },
    },
    maxItems: 10,
    example: [{ kty: 'EC', kid: 'h6x0...', alg: 'ES256', use: 'sig', crv: 'P-256', x: '...', y: '...' }],
    description: 'The current signing key first, then earlier keys still valid during a rotation.',
  })
  keys: PublicJwk[];
}
