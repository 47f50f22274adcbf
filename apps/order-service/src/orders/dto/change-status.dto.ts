import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Optional, Trim } from '@app/validation';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';

export class ChangeStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'SHIPPED' })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @ApiPropertyOptional({ example: 'Handed to the carrier', maxLength: 500 })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
