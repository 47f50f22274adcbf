import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Optional, Trim } from '@app/validation';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'Ordered the wrong size', maxLength: 500 })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
