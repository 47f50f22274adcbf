import { ValidationFailedError } from '@app/errors';
import { pageWindow } from '@app/pagination';
import { type QueryFilter, type SortOrder } from 'mongoose';
import { type ListProductsQuery, type SortField } from './dto/list-products.query';
import { type Product } from './schemas/product.schema';

export interface CatalogQuery {
  filter: QueryFilter<Product>;
  sort: Record<string, SortOrder | { $meta: 'textScore' }>;
  /** Extra projection (the text score when sorting by relevance). */
  projection: Record<string, unknown>;
  page: number;
  pageSize: number;
  /** The same for every equivalent query string, so equal queries share one cache entry. */
  cacheKey: string;
}

const SORT_PATHS: Record<Exclude<SortField, 'relevance'>, string> = {
  price: 'price',
  name: 'sortName',
  newest: 'createdAt',
};

function sortFor(field: SortField, order: 'asc' | 'desc' | undefined): CatalogQuery['sort'] {
  if (field === 'relevance') return { score: { $meta: 'textScore' }, _id: 1 };
  const direction = (order ?? (field === 'newest' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  // _id breaks ties, so a product never appears on two pages or on none.
  return { [SORT_PATHS[field]]: direction, _id: direction };
}

/**
 * Turns a validated query into a MongoDB query. Only fixed paths and typed values reach the filter: the
 * client chooses values, never operators or field names.
 */
export function buildCatalogQuery(query: ListProductsQuery, options: { includeInactive: boolean }): CatalogQuery {
  if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
    throw new ValidationFailedError([{ field: 'minPrice', messages: ['minPrice must not be greater than maxPrice'] }]);
  }
  const sortField = query.sort ?? (query.q ? 'relevance' : 'newest');
  if (sortField === 'relevance' && !query.q) {
    throw new ValidationFailedError([{ field: 'sort', messages: ['sort=relevance needs a search term q'] }]);
  }
  const filter: QueryFilter<Product> = {};
  if (!options.includeInactive) filter.active = true;
  if (query.q) filter.$text = { $search: query.q };
  if (query.category) filter.category = query.category.toLowerCase();
  if (query.tags && query.tags.length > 0) filter.tags = { $in: query.tags };
  if (query.currency) filter.currency = query.currency;
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    filter.price = {
      ...(query.minPrice !== undefined ? { $gte: query.minPrice } : {}),
      ...(query.maxPrice !== undefined ? { $lte: query.maxPrice } : {}),
    };
  }
  if (query.inStock !== undefined) filter.stock = query.inStock ? { $gt: 0 } : 0;
  const { page, pageSize } = pageWindow(query);
  const normalized = { ...query, sort: sortField, page, pageSize, order: query.order };
  const cacheKey = JSON.stringify(
    Object.entries(normalized)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    filter,
    sort: sortFor(sortField, query.order),
    projection: sortField === 'relevance' ? { score: { $meta: 'textScore' } } : {},
    page,
    pageSize,
    cacheKey,
  };
}
