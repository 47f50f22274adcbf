import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Public } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { INVALID_INPUT, COMMON_PROBLEMS } from '../openapi/api-problems';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductsService } from './products.service';
import { ProductPageView, ProductView } from './product.view';
import { ApiProblems } from '@app/errors';

/** Admins see inactive products and always read fresh data; everyone else reads the cached public catalog. */
const isAdmin = (user: AuthenticatedUser | undefined): boolean => user?.roles.includes('admin') ?? false;

@ApiTags('products')
@Public()
@ApiProblems(COMMON_PROBLEMS)
@Controller('products')
export class ProductsController {
  constructor(private readonly catalog: ProductsService) {}

  @Get()
  @ApiOperation({
    summary: 'Browse and search the catalog',
    description:
      'Public. Filters combine with AND. Inactive products are listed only for admins (send an admin token). ' +
      'Shoppers get cached results, at most CATALOG_CACHE_TTL_SECONDS old (stock figures may lag reservations ' +
      'by as much; prices and deactivations are invalidated at once).',
  })
  @ApiOkResponse({ type: ProductPageView, description: 'One page of products and the total.' })
  @ApiProblems(INVALID_INPUT)
  list(@Query() query: ListProductsQuery, @CurrentUser() user?: AuthenticatedUser): Promise<ProductPageView> {
    return this.catalog.list(query, isAdmin(user));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product', description: 'Public; an inactive product is visible to admins only.' })
  @ApiObjectIdParam('id', 'Product id (24 hex characters).', '65a1b2c3d4e5f60718293a4b')
  @ApiOkResponse({ type: ProductView })
  @ApiProblems({ ...INVALID_INPUT, 404: 'No such product, or it is inactive (`PRODUCT_NOT_FOUND`).' })
  get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user?: AuthenticatedUser): Promise<ProductView> {
    return this.catalog.get(id, isAdmin(user));
  }
}
