import { createValidationPipe, type ValidationFailedError } from '@app/errors';
import { CreateProductDto } from './create-product.dto';
import { ListProductsQuery } from './list-products.query';

const pipe = createValidationPipe();
const product = { sku: 'TEE-1', name: 'Tee', price: 2500, currency: 'EUR', category: 'apparel' };

/** The field names a refusal reports (the 400 problem's errors[]). */
async function refusedFields(value: unknown, metatype: new () => unknown): Promise<string[]> {
  const error = await Promise.resolve(pipe.transform(value, { type: 'body', metatype })).then(
    () => undefined,
    (caught: ValidationFailedError) => caught,
  );
  return (error?.errors ?? []).map((each) => each.field);
}

describe('product DTOs normalise text fields and refuse other types instead of failing on them', () => {
  it('lower-cases category and tags of a new product', async () => {
    const dto = (await pipe.transform(
      { ...product, category: ' Apparel ', tags: [' Cotton', 'ORGANIC '] },
      { type: 'body', metatype: CreateProductDto },
    )) as CreateProductDto;
    expect([dto.category, dto.tags]).toEqual(['apparel', ['cotton', 'organic']]);
  });

  it('refuses a category that is not text and tags that are not a list, as a 400 naming the field', async () => {
    expect(await refusedFields({ ...product, category: 7 }, CreateProductDto)).toEqual(['category']);
    expect(await refusedFields({ ...product, tags: 'cotton' }, CreateProductDto)).toEqual(['tags']);
  });

  it('refuses a repeated category query parameter (?category=a&category=b), which arrives as a list', async () => {
    expect(await refusedFields({ category: ['a', 'b'] }, ListProductsQuery)).toEqual(['category']);
  });
});
