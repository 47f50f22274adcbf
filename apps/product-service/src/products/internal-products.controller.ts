import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope, Roles } from '@app/auth';
import { INVALID_INPUT, NEEDS_ROLE, COMMON_PROBLEMS } from '../openapi/api-problems';
import { ProductIdsQuery } from './dto/product-ids.query';
import { InternalProductListView, toInternalProductView } from './internal-product.view';
import { ApiProblems } from '@app/errors';
import { ProductRepository } from './product.repository';

/**
 * Service-to-service reads (cart-service prices its lines with them). Never cached: a cart is priced from
 * the database, never from a cache entry. Not rate limited per caller (one service token serves every
 * shopper); reachable only inside the cluster and only with a service token.
 */
@ApiTags('internal')
@ApiBearerAuth()
@Roles('service')
@RequireScope('products:read')
@ApiProblems(COMMON_PROBLEMS)
@Controller('internal/v1/products')
export class InternalProductsController {
  constructor(private readonly products: ProductRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Products by id (service token only)',
    description: 'Unknown ids are absent from the answer; inactive products are present with `active: false`.',
  })
  @ApiOkResponse({ type: InternalProductListView })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE })
  async byIds(@Query() query: ProductIdsQuery): Promise<InternalProductListView> {
    return { items: (await this.products.findByIds(query.ids)).map(toInternalProductView) };
  }
}
