import { Controller, Get, Query } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { SkipRateLimit } from '@app/rate-limit';
import { Model } from 'mongoose';
import { INVALID_INPUT, NEEDS_ROLE, COMMON_PROBLEMS } from '../openapi/api-problems';
import { ProductIdsQuery } from './dto/product-ids.query';
import { InternalProductListView, toInternalProductView } from './internal-product.view';
import { ApiProblems } from '@app/errors';
import { type LeanProduct, Product } from './schemas/product.schema';

/**
 * Service-to-service reads (cart-service prices its lines with them). Never cached: a cart is priced from
 * the database, never from a cache entry. Not rate limited per caller (one service token serves every
 * shopper); reachable only inside the cluster and only with a service token.
 */
@ApiTags('internal')
@ApiBearerAuth()
@Roles('service')
@SkipRateLimit()
@ApiProblems(COMMON_PROBLEMS)
@Controller('internal/v1/products')
export class InternalProductsController {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  @Get()
  @ApiOperation({
    summary: 'Products by id (service token only)',
    description: 'Unknown ids are absent from the answer; inactive products are present with `active: false`.',
  })
  @ApiOkResponse({ type: InternalProductListView })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE })
  async byIds(@Query() query: ProductIdsQuery): Promise<InternalProductListView> {
    const ids = [...new Set(query.ids)];
    const found = await this.products
      .find({ _id: { $in: ids } })
      .lean<LeanProduct[]>()
      .exec();
    const byId = new Map(found.map((product) => [product._id.toHexString(), product]));
    return {
      items: ids.flatMap((id) => {
        const product = byId.get(id);
        return product ? [toInternalProductView(product)] : [];
      }),
    };
  }
}
