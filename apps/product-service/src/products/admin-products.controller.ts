import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PrivilegeCheck, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { type FastifyReply } from 'fastify';
import { INVALID_INPUT, NEEDS_ROLE, COMMON_PROBLEMS } from '../openapi/api-problems';
import { AdjustStockDto } from './dto/adjust-stock.dto';
import { CreateProductDto } from './dto/create-product.dto';
import { ReplaceProductDto } from './dto/replace-product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { IfMatchVersion } from './if-match.decorator';
import { ProductsAdminService } from './products-admin.service';
import { ApiProblems } from '@app/errors';
import { ProductView } from './product.view';

const ID = ApiObjectIdParam('id', 'Product id (24 hex characters).', '65a1b2c3d4e5f60718293a4b');
const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The `version` last read; the change is refused with 412 if the product changed since.',
  example: '"3"',
  schema: { type: 'string', pattern: '^\\s*(\\*|(W/)?"?\\d{1,12}"?)\\s*$', maxLength: 64 },
});
const NOT_FOUND = { 404: 'No such product (`PRODUCT_NOT_FOUND`).' };
const SKU_TAKEN = '`PRODUCT_SKU_EXISTS`: another product has this sku.';
const STALE = '`PRODUCT_VERSION_MISMATCH`: If-Match names an old version; nothing changed.';

@ApiTags('products (admin)')
@ApiBearerAuth()
@Roles('admin')
@PrivilegeCheck()
@ApiProblems(COMMON_PROBLEMS)
@Controller('products')
export class AdminProductsController {
  constructor(private readonly admin: ProductsAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create a product', description: 'Admin only.' })
  @ApiCreatedResponse({ type: ProductView, description: 'Created; `Location` names the new product.' })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE, 409: SKU_TAKEN })
  async create(@Body() dto: CreateProductDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductView> {
    const created = await this.admin.create(dto);
    void reply.header('location', `/api/v1/products/${created.id}`);
    return created;
  }

  @Put(':id')
  @ID
  @IF_MATCH
  @ApiOperation({
    summary: 'Replace a product',
    description: 'Admin only. Every catalog field; omitted optional ones return to their defaults. Not stock.',
  })
  @ApiOkResponse({ type: ProductView })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE, ...NOT_FOUND, 409: SKU_TAKEN, 412: STALE })
  replace(
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: ReplaceProductDto,
    @IfMatchVersion() version?: number,
  ): Promise<ProductView> {
    return this.admin.replace(id, dto, version);
  }

  @Patch(':id')
  @ID
  @IF_MATCH
  @ApiOperation({ summary: 'Change some fields of a product', description: 'Admin only. Not stock.' })
  @ApiOkResponse({ type: ProductView })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE, ...NOT_FOUND, 409: SKU_TAKEN, 412: STALE })
  patch(
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdateProductDto,
    @IfMatchVersion() version?: number,
  ): Promise<ProductView> {
    return this.admin.patch(id, dto, version);
  }

  @Delete(':id')
  @ID
  @IF_MATCH
  @HttpCode(204)
  @ApiOperation({
    summary: 'Deactivate a product (soft delete)',
    description:
      'Admin only. The product disappears from the public catalog at once and cannot be reserved; it stays ' +
      'readable for admins and can be reactivated with PATCH `{ "active": true }`. Idempotent.',
  })
  @ApiNoContentResponse({ description: 'Deactivated (or already inactive).' })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE, ...NOT_FOUND, 412: STALE })
  async deactivate(@Param('id', ParseObjectIdPipe) id: string, @IfMatchVersion() version?: number): Promise<void> {
    await this.admin.deactivate(id, version);
  }

  @Post(':id/stock')
  @ID
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set or change the stock level',
    description:
      'Admin only. `{ "set": n }` sets the level, `{ "increment": n }` adds (or, negative, removes) units. ' +
      'Stock never goes below zero: a decrement larger than the stock is refused.',
  })
  @ApiOkResponse({ type: ProductView })
  @ApiProblems({
    ...INVALID_INPUT,
    ...NEEDS_ROLE,
    ...NOT_FOUND,
    409: '`INSUFFICIENT_STOCK`: the decrement would take stock below zero; nothing changed.',
  })
  adjustStock(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: AdjustStockDto): Promise<ProductView> {
    return this.admin.adjustStock(id, dto);
  }
}
