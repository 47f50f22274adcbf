import { PartialType } from '@nestjs/swagger';
import { ReplaceProductDto } from './replace-product.dto';

/** PATCH: any subset of the catalog fields; `null` is rejected like any other invalid value. */
export class UpdateProductDto extends PartialType(ReplaceProductDto, { skipNullProperties: false }) {}
