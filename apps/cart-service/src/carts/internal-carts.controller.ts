import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { ApiProblems } from '@app/errors';
import { INTERNAL_PROBLEMS } from '../openapi/api-problems';
import { CartsService } from './carts.service';
import { ClearOrderedLinesDto } from './dto/clear-ordered-lines.dto';

const USER_ID = ApiObjectIdParam(
  'userId',
  'The shopper (the `sub` of their access token).',
  '65b0000000000000000000aa',
);

/**
 * Service-to-service routes (docs/contracts/internal-api.md): order-service acts on a shopper's cart with its
 * own service token, long after the shopper's request (and token) are gone. Never routed by the edge or the
 * Ingress; not rate limited per caller (one service token serves every shopper).
 */
@ApiTags('internal')
@ApiBearerAuth()
@Roles('service')
@RequireScope('cart:clear')
@ApiProblems(INTERNAL_PROBLEMS)
@Controller('internal/v1/carts')
export class InternalCartsController {
  constructor(private readonly carts: CartsService) {}

  @Post(':userId/clear-ordered')
  @HttpCode(204)
  @ApiOperation({
    summary: "Take a placed order's lines out of the shopper's cart (service token only)",
    description:
      'Removes each cart line of an ordered product that holds no more than the ordered quantity; a line raised ' +
      'since and products the order does not hold stay. Idempotent: a retry removes nothing more, and a missing ' +
      'or empty cart is a 204 too.',
  })
  @USER_ID
  @ApiResponse({ status: 204, description: 'The ordered lines are no longer in the cart.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED (malformed userId or productId, quantity not an integer 1-1000, a product twice)',
    409: 'CART_BUSY: the cart kept changing concurrently (Retry-After)',
    503: 'DATABASE_UNAVAILABLE',
  })
  async clearOrdered(
    @Param('userId', ParseObjectIdPipe) userId: string,
    @Body() body: ClearOrderedLinesDto,
  ): Promise<void> {
    await this.carts.clearOrdered(userId, body.lines);
  }
}
