import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, validateSync } from 'class-validator';
import { Optional } from './optional';
import { LowerCase, QueryBoolean, QueryInteger, QueryList, Trim, UpperCase } from './transforms';

class Sample {
  @Trim() @Optional() @IsString() name?: string;
  @UpperCase() @Optional() @IsString() country?: string;
  @LowerCase() @Optional() @Matches(/^[0-9a-f]{24}$/) productId?: string;
  @QueryInteger() @Optional() @IsInt() page?: number;
  @QueryBoolean() @Optional() @IsBoolean() inStock?: boolean;
  @QueryList((item) => item.toLowerCase()) @Optional() tags?: string[];
}

/** A list kept as given (no normalising function). */
class Exact {
  @QueryList() @Optional() skus?: string[];
}

const parse = (input: Record<string, unknown>) => {
  const value = plainToInstance(Sample, input);
  return { value, failed: validateSync(value).map((error) => error.property) };
};

describe('shared input transforms', () => {
  it('trims text and upper-cases codes, leaving other types for the validators to reject', () => {
    expect(parse({ name: '  Mug ', country: ' de ' }).value).toMatchObject({ name: 'Mug', country: 'DE' });
    expect(parse({ name: 42, country: ['de'] }).failed).toEqual(['name', 'country']);
  });

  it('lower-cases values compared lower-case, trimmed, like codes are upper-cased', () => {
    expect(parse({ productId: ' 65F0C0FFEE0000000000ABCD' }).value.productId).toBe('65f0c0ffee0000000000abcd');
    expect(parse({ productId: '65f0c0ffee0000000000abcz' }).failed).toEqual(['productId']);
    expect(parse({ productId: 65 }).failed).toEqual(['productId']);
  });

  it('reads plain digits as integers and nothing else', () => {
    expect(parse({ page: '12' }).value.page).toBe(12);
    for (const bad of ['1e3', '0x10', ' 3', '3.5', '', '9999999999999999']) {
      expect(parse({ page: bad }).failed).toEqual(['page']);
    }
  });

  it('reads true/false and 1/0 as booleans, the same in every service', () => {
    expect(parse({ inStock: 'true' }).value.inStock).toBe(true);
    expect(parse({ inStock: '1' }).value.inStock).toBe(true);
    expect(parse({ inStock: 'false' }).value.inStock).toBe(false);
    expect(parse({ inStock: '0' }).value.inStock).toBe(false);
    expect(parse({ inStock: 'yes' }).failed).toEqual(['inStock']);
  });

  it('splits comma lists and repeated parameters into trimmed, normalised, non-empty items', () => {
    expect(parse({ tags: 'Kitchen, ,Mugs' }).value.tags).toEqual(['kitchen', 'mugs']);
    expect(parse({ tags: ['A,b', 'C'] }).value.tags).toEqual(['a', 'b', 'c']);
    expect(parse({ tags: [{ $ne: 1 }] }).value.tags).toEqual([{ $ne: 1 }]);
    expect(plainToInstance(Exact, { skus: 'MUG-001, Tea-2' }).skus).toEqual(['MUG-001', 'Tea-2']);
  });

  it('skips an absent optional field but refuses null, so null never reaches the database', () => {
    expect(parse({}).failed).toEqual([]);
    expect(parse({ name: null, page: null }).failed).toEqual(['name', 'page']);
  });
});
