import { OmitType } from '@nestjs/swagger';
import { CreateProductDto } from './create-product.dto';

/**
 * PUT: every catalog field; omitted optional fields return to their defaults. Stock is not part of it: it
 * changes only through POST /products/:id/stock, atomically against concurrent reservations.
 */
export class ReplaceProductDto extends OmitType(CreateProductDto, ['stock'] as const) {}
