import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Optional, Trim } from '@app/validation';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9 &-]{0,99}$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9 -]{0,39}$/;
/** 10 million in major units: far above any real price, far below where integers lose precision. */
export const MAX_PRICE = 1_000_000_000;
export const MAX_STOCK = 1_000_000;

const lowerCase = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const lowerCaseEach = (value: unknown) => (Array.isArray(value) ? value.map(lowerCase) : value);

/** A new product. `sku` is stored upper-cased, `category` and `tags` lower-cased. */
export class CreateProductDto {
  @ApiProperty({ example: 'TEE-ORG-BLK-M', pattern: SKU_PATTERN.source, maxLength: 64 })
  @IsString()
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 letters, digits, dots, dashes or underscores' })
  sku: string;

  @ApiProperty({ example: 'Organic cotton T-shirt, black, M', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Soft organic cotton tee.', maxLength: 5000, default: '' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ description: 'Integer minor units (cents).', example: 2500, minimum: 0, maximum: MAX_PRICE })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  @ApiProperty({ description: 'ISO 4217 code.', example: 'EUR', pattern: '^[A-Z]{3}$', maxLength: 3 })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code' })
  @IsISO4217CurrencyCode()
  currency: string;

  @ApiPropertyOptional({ description: 'Units available to sell.', example: 120, minimum: 0, maximum: MAX_STOCK })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock?: number;

  @ApiProperty({ example: 'apparel', pattern: CATEGORY_PATTERN.source, maxLength: 100 })
  @Transform(({ value }) => lowerCase(value))
  @IsString()
  @Matches(CATEGORY_PATTERN, { message: 'category must be 1-100 letters, digits, spaces, & or dashes' })
  category: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 40 },
    example: ['cotton', 'organic'],
    maxItems: 20,
    default: [],
  })
  @Optional()
  @Transform(({ value }) => lowerCaseEach(value))
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-40 letters, digits, spaces or dashes' })
  tags?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uri', maxLength: 2048 },
    example: ['https://cdn.example.com/tee-black.jpg'],
    maxItems: 10,
    default: [],
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true })
  images?: string[];

  @ApiPropertyOptional({ description: 'Inactive products are hidden from everyone but admins.', default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
