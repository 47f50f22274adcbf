import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, IsString, Length, Matches } from 'class-validator';
import { Optional, Trim, UpperCase } from '@app/validation';

/** No control characters (newlines, tabs, NUL) in single-line fields that end up on a parcel label. */
const SINGLE_LINE = /^[^\p{Cc}]*$/u;

const SINGLE_LINE_MESSAGE = '$property must be a single line of text';

export class ShippingAddressDto {
  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  @Matches(SINGLE_LINE, { message: SINGLE_LINE_MESSAGE })
  name: string;

  @ApiProperty({ example: '12 St James Square', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  @Matches(SINGLE_LINE, { message: SINGLE_LINE_MESSAGE })
  line1: string;

  @ApiPropertyOptional({ example: 'Flat 3', maxLength: 200 })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 200)
  @Matches(SINGLE_LINE, { message: SINGLE_LINE_MESSAGE })
  line2?: string;

  @ApiProperty({ example: 'London', minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  @Matches(SINGLE_LINE, { message: SINGLE_LINE_MESSAGE })
  city: string;

  @ApiPropertyOptional({ example: 'Greater London', maxLength: 100 })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 100)
  @Matches(SINGLE_LINE, { message: SINGLE_LINE_MESSAGE })
  region?: string;

  @ApiProperty({ example: 'SW1Y 4JU', minLength: 2, maxLength: 12, pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$' })
  @Trim()
  @IsString()
  @Length(2, 12)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, { message: 'postalCode may hold letters, digits, spaces and hyphens' })
  postalCode: string;

  @ApiProperty({
    example: 'GB',
    description: 'ISO 3166-1 alpha-2 country code (normalised to upper case).',
    minLength: 2,
    maxLength: 2,
  })
  @UpperCase()
  @IsString()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as GB or DE' })
  country: string;
}
