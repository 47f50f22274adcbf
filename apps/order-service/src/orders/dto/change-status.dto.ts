import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';
import { Trimmed } from './text-transforms';

export class ChangeStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'SHIPPED' })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @ApiPropertyOptional({ example: 'Handed to the carrier', maxLength: 500 })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
