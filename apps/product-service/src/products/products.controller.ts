import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, NoStore, Public } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { INVALID_INPUT, COMMON_PROBLEMS } from '../openapi/api-problems';
import { CatalogResponder } from './catalog.responder';
import { ListProductsQuery } from './dto/list-products.query';
import { ProductsService } from './products.service';
import { ProductPageView, ProductView } from './product.view';
import { ApiProblems } from '@app/errors';

/** The request as these routes read it: the caller the auth guard found, if any. */
type CatalogRequest = FastifyRequest & { user?: AuthenticatedUser };

/** Admins see inactive products and always read fresh data; everyone else reads the cached public catalog. */
const isAdmin = (request: CatalogRequest): boolean => request.user?.roles.includes('admin') ?? false;

const IF_NONE_MATCH = ApiHeader({
  name: 'If-None-Match',
  required: false,
  description: 'The `ETag` of a copy the client (or a cache) holds; when it is still current the answer is 304.',
  example: '"pQnLr0v6bC1qR2s3T4u5vw"',
  schema: { type: 'string', maxLength: 4096 },
});

/** The headers of a 200 and of a 304: the same validator and caching rules (RFC 9110 section 15.4.5). */
const CACHING_HEADERS = {
  ETag: {
    description: 'Strong validator of exactly these bytes; send it back in If-None-Match.',
    schema: { type: 'string', maxLength: 64, example: '"pQnLr0v6bC1qR2s3T4u5vw"' },
  },
  'Cache-Control': {
    description:
      'Without `Authorization`: `public, max-age=CATALOG_HTTP_MAX_AGE_SECONDS, stale-while-revalidate=' +
      'CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS` (default `public, max-age=30, stale-while-revalidate=60`), ' +
      'so CDNs and browsers may keep it. With `Authorization`: `private, no-store`. Problem answers: `no-store`.',
    schema: { type: 'string', maxLength: 100, example: 'public, max-age=30, stale-while-revalidate=60' },
  },
  Vary: {
    description: 'Always names `Authorization` (plus `Origin` on cross-origin calls).',
    schema: { type: 'string', maxLength: 100, example: 'Authorization' },
  },
};

const NOT_MODIFIED = ApiResponse({
  status: 304,
  description: 'If-None-Match names the current ETag: the copy held is still current; no body.',
  headers: CACHING_HEADERS,
});

/**
 * The public catalog reads. They answer through CatalogResponder (stored bytes, ETag, 304, Cache-Control);
 * `@NoStore()` makes every problem answer of these routes `no-store` (set by the auth guard before anything can
 * fail), which a successful answer then replaces with its own caching rule.
 */
@ApiTags('products')
@Public()
@NoStore()
@ApiProblems(COMMON_PROBLEMS)
@Controller('products')
export class ProductsController {
  constructor(
    private readonly catalog: ProductsService,
    private readonly responder: CatalogResponder,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Browse and search the catalog',
    description:
      'Public. Filters combine with AND. Inactive products are listed only for admins (send an admin token). ' +
      'Shoppers get cached results, at most CATALOG_CACHE_TTL_SECONDS old (stock figures may lag reservations ' +
      'by as much; prices and deactivations are invalidated at once). Anonymous answers may be kept by shared ' +
      'caches (CDN) for CATALOG_HTTP_MAX_AGE_SECONDS more (see Cache-Control).',
  })
  @IF_NONE_MATCH
  @ApiOkResponse({
    type: ProductPageView,
    description: 'One page of products and the total.',
    headers: CACHING_HEADERS,
  })
  @NOT_MODIFIED
  @ApiProblems(INVALID_INPUT)
  list(
    @Query() query: ListProductsQuery,
    @Req() request: CatalogRequest,
    @Res() reply: FastifyReply,
  ): void | Promise<void> {
    return this.responder.send(request, reply, this.catalog.list(query, isAdmin(request)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product', description: 'Public; an inactive product is visible to admins only.' })
  @ApiObjectIdParam('id', 'Product id (24 hex characters).', '65a1b2c3d4e5f60718293a4b')
  @IF_NONE_MATCH
  @ApiOkResponse({ type: ProductView, headers: CACHING_HEADERS })
  @NOT_MODIFIED
  @ApiProblems({ ...INVALID_INPUT, 404: 'No such product, or it is inactive (`PRODUCT_NOT_FOUND`).' })
  get(
    @Param('id', ParseObjectIdPipe) id: string,
    @Req() request: CatalogRequest,
    @Res() reply: FastifyReply,
  ): void | Promise<void> {
    return this.responder.send(request, reply, this.catalog.get(id, isAdmin(request)));
  }
}
