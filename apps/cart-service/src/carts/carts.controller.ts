import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { COMMON_PROBLEMS } from '../openapi/api-problems';
import { CartsService } from './carts.service';
import { AddCartItemDto } from './dto/add-cart-item.dto';
import { CartView } from './cart.view';
import { ApiProblems } from '@app/errors';
import { SetCartItemQuantityDto } from './dto/set-cart-item-quantity.dto';

const PRODUCT_ID = ApiObjectIdParam('productId', '24-hex product id', '65f0c0ffee0000000000abcd');
const UNAVAILABLE =
  'UPSTREAM_UNAVAILABLE (product-service down, slow or its circuit open; Retry-After) or DATABASE_UNAVAILABLE';

/** The caller's own cart: every route acts on the cart of the token's subject, so no one reaches another's. */
@ApiTags('cart')
@ApiBearerAuth()
@Roles('customer', 'admin')
@ApiProblems(COMMON_PROBLEMS)
@Controller('cart')
export class CartsController {
  constructor(private readonly carts: CartsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your cart, priced with current product data',
    description:
      'Totals are integer minor units. When product-service cannot be reached the cart is still returned, with ' +
      'the last known names and prices and `stale: true`.',
  })
  @ApiResponse({ status: 200, type: CartView, description: 'The cart (an empty one if it was never used).' })
  @ApiProblems({ 503: 'DATABASE_UNAVAILABLE' })
  view(@CurrentUser() user: AuthenticatedUser): Promise<CartView> {
    return this.carts.view(user.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Empty your cart', description: 'Idempotent: emptying an empty cart is a 204 too.' })
  @ApiResponse({ status: 204, description: 'The cart is empty.' })
  @ApiProblems({ 503: 'DATABASE_UNAVAILABLE' })
  async clear(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.carts.clear(user.id);
  }

  @Post('items')
  @ApiOperation({
    summary: 'Add a product (or more of it)',
    description:
      'Creates the cart on first use. The product must exist and be for sale, and the line may hold neither more ' +
      'than the stock nor more than CART_MAX_QUANTITY_PER_LINE.',
  })
  @ApiResponse({ status: 201, type: CartView, description: 'The cart after the change.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED (malformed productId, quantity not an integer 1-1000, unknown field) or MALFORMED_JSON',
    404: 'PRODUCT_NOT_FOUND',
    409:
      'INSUFFICIENT_STOCK (with `available` and `inCart`), CART_LINE_QUANTITY_LIMIT, CART_LINES_LIMIT, ' +
      'PRODUCT_UNAVAILABLE, CURRENCY_MISMATCH or CART_BUSY',
    503: UNAVAILABLE,
  })
  add(@CurrentUser() user: AuthenticatedUser, @Body() body: AddCartItemDto): Promise<CartView> {
    return this.carts.add(user.id, body.productId, body.quantity);
  }

  @Patch('items/:productId')
  @ApiOperation({
    summary: 'Set the quantity of a line',
    description: 'Raising it checks product status and stock with product-service; lowering it does not.',
  })
  @PRODUCT_ID
  @ApiResponse({ status: 200, type: CartView, description: 'The cart after the change.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED (malformed productId, quantity not an integer 1-1000, unknown field)',
    404: 'CART_LINE_NOT_FOUND or PRODUCT_NOT_FOUND',
    409: 'INSUFFICIENT_STOCK (with `available`), CART_LINE_QUANTITY_LIMIT or PRODUCT_UNAVAILABLE',
    503: UNAVAILABLE,
  })
  setQuantity(
    @CurrentUser() user: AuthenticatedUser,
    @Param('productId', ParseObjectIdPipe) productId: string,
    @Body() body: SetCartItemQuantityDto,
  ): Promise<CartView> {
    return this.carts.setQuantity(user.id, productId, body.quantity);
  }

  @Delete('items/:productId')
  @ApiOperation({ summary: 'Remove a line', description: 'Needs nothing from product-service.' })
  @PRODUCT_ID
  @ApiResponse({ status: 200, type: CartView, description: 'The cart after the change.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED (malformed productId)',
    404: 'CART_LINE_NOT_FOUND',
    503: 'DATABASE_UNAVAILABLE',
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('productId', ParseObjectIdPipe) productId: string,
  ): Promise<CartView> {
    return this.carts.remove(user.id, productId);
  }
}
