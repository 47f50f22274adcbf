import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsMongoId } from 'class-validator';
import { QueryList } from '@app/validation';

export class ProductIdsQuery {
  @ApiProperty({
    description: '1 to 100 comma-separated product ids (24 hex characters each).',
    example: '65a1b2c3d4e5f60718293a4b,65a1b2c3d4e5f60718293a4c',
    type: String,
    maxLength: 2500,
  })
  @QueryList((id) => id.toLowerCase())
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsMongoId({ each: true, message: 'each id must be a 24-character hexadecimal id' })
  ids: string[];
}
