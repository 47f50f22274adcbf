import { ValidationFailedError } from '@app/errors';
import { buildCatalogQuery } from './catalog-query';

describe('buildCatalogQuery', () => {
  const shopper = { includeInactive: false };

  it('shows active products only, newest first, 20 per page, by default', () => {
    expect(buildCatalogQuery({}, shopper)).toMatchObject({
      filters: { includeInactive: false },
      sort: 'newest',
      order: 'desc',
      window: { page: 1, pageSize: 20, skip: 0 },
    });
    expect(buildCatalogQuery({}, { includeInactive: true }).filters.includeInactive).toBe(true);
    expect(buildCatalogQuery({ page: 3, pageSize: 10 }, shopper).window).toEqual({ page: 3, pageSize: 10, skip: 20 });
  });

  it('carries every filter, the category lower-cased, and leaves out empty ones', () => {
    const { filters } = buildCatalogQuery(
      {
        q: 'tee',
        category: 'Apparel',
        tags: ['a', 'b'],
        minPrice: 100,
        maxPrice: 900,
        currency: 'EUR',
        inStock: false,
      },
      shopper,
    );
    expect(filters).toEqual({
      includeInactive: false,
      text: 'tee',
      category: 'apparel',
      tags: ['a', 'b'],
      currency: 'EUR',
      minPrice: 100,
      maxPrice: 900,
      inStock: false,
    });
    const empty = buildCatalogQuery({ q: '', category: '', tags: [], currency: '' }, shopper).filters;
    expect([empty.text, empty.category, empty.tags, empty.currency]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('sorts by relevance when searching, else as asked, with the documented default order', () => {
    expect(buildCatalogQuery({ q: 'mug' }, shopper)).toMatchObject({ sort: 'relevance', order: 'desc' });
    expect(buildCatalogQuery({ sort: 'price' }, shopper)).toMatchObject({ sort: 'price', order: 'asc' });
    expect(buildCatalogQuery({ sort: 'name', order: 'desc' }, shopper)).toMatchObject({ sort: 'name', order: 'desc' });
    expect(buildCatalogQuery({ sort: 'newest', order: 'asc' }, shopper)).toMatchObject({
      sort: 'newest',
      order: 'asc',
    });
  });

  it('gives equivalent queries the same cache key and different ones different keys', () => {
    const a = buildCatalogQuery({ category: 'x', page: 1 }, shopper).cacheKey;
    const b = buildCatalogQuery({ page: 1, category: 'x', pageSize: 20 }, shopper).cacheKey;
    expect(a).toBe(b);
    expect(buildCatalogQuery({ category: 'x', page: 2 }, shopper).cacheKey).not.toBe(a);
    expect(buildCatalogQuery({ category: 'x', sort: 'price' }, shopper).cacheKey).not.toBe(a);
  });

  it('refuses an inverted price range and relevance without a search term', () => {
    expect(() => buildCatalogQuery({ minPrice: 10, maxPrice: 5 }, shopper)).toThrow(ValidationFailedError);
    expect(() => buildCatalogQuery({ sort: 'relevance' }, shopper)).toThrow(ValidationFailedError);
  });
});
