import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Trimmed } from './text-transforms';

export class CancelOrderDto {
  @ApiPropertyOptional({ example: 'Ordered the wrong size', maxLength: 500 })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
