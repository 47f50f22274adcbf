import { ValidationFailedError } from '@app/errors';
import { buildCatalogQuery } from './catalog-query';

describe('buildCatalogQuery', () => {
  const shopper = { includeInactive: false };

  it('shows active products only, newest first, 20 per page, by default', () => {
    const query = buildCatalogQuery({}, shopper);
    expect(query).toMatchObject({
      filter: { active: true },
      sort: { createdAt: -1, _id: -1 },
      projection: {},
      page: 1,
      pageSize: 20,
    });
    expect(buildCatalogQuery({}, { includeInactive: true }).filter).toEqual({});
  });

  it('turns every filter into a fixed path with a typed value', () => {
    const { filter } = buildCatalogQuery(
      { q: 'tee', category: 'Apparel', tags: ['a', 'b'], minPrice: 100, maxPrice: 900, currency: 'EUR', inStock: true },
      shopper,
    );
    expect(filter).toEqual({
      active: true,
      $text: { $search: 'tee' },
      category: 'apparel',
      tags: { $in: ['a', 'b'] },
      currency: 'EUR',
      price: { $gte: 100, $lte: 900 },
      stock: { $gt: 0 },
    });
    expect(buildCatalogQuery({ inStock: false, maxPrice: 5 }, shopper).filter).toMatchObject({
      stock: 0,
      price: { $lte: 5 },
    });
  });

  it('sorts by relevance when searching, else as asked, always with a tie-breaker', () => {
    expect(buildCatalogQuery({ q: 'mug' }, shopper)).toMatchObject({
      sort: { score: { $meta: 'textScore' }, _id: 1 },
      projection: { score: { $meta: 'textScore' } },
    });
    expect(buildCatalogQuery({ sort: 'price' }, shopper).sort).toEqual({ price: 1, _id: 1 });
    expect(buildCatalogQuery({ sort: 'name', order: 'desc' }, shopper).sort).toEqual({ sortName: -1, _id: -1 });
    expect(buildCatalogQuery({ sort: 'newest', order: 'asc' }, shopper).sort).toEqual({ createdAt: 1, _id: 1 });
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
