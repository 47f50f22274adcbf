import { ValidationFailedError } from '@app/errors';
import { pageWindow, type PageWindow } from '@app/pagination';
import { type ListProductsQuery, type SortField } from './dto/list-products.query';

/** What a catalog read selects; every filter given must hold. */
export interface CatalogFilters {
  /** Admins see inactive products too; everyone else only active ones. */
  includeInactive: boolean;
  /** Full-text search over name, tags and description. */
  text?: string;
  category?: string;
  /** A product matches when it has any of them. */
  tags?: string[];
  currency?: string;
  minPrice?: number;
  maxPrice?: number;
  /** true: stock above zero; false: sold out. */
  inStock?: boolean;
}

export interface CatalogQuery {
  filters: CatalogFilters;
  sort: SortField;
  /** Ignored when sorting by relevance (best match first). */
  order: 'asc' | 'desc';
  window: PageWindow;
  /** The same for every equivalent query string, so equal queries share one cache entry. */
  cacheKey: string;
}

/**
 * Resolves a validated query string into what to read: the defaults applied and the rules between fields
 * checked (a price range the right way round, relevance only with a search term).
 */
export function buildCatalogQuery(query: ListProductsQuery, options: { includeInactive: boolean }): CatalogQuery {
  if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
    throw new ValidationFailedError([{ field: 'minPrice', messages: ['minPrice must not be greater than maxPrice'] }]);
  }
  const sort = query.sort ?? (query.q ? 'relevance' : 'newest');
  if (sort === 'relevance' && !query.q) {
    throw new ValidationFailedError([{ field: 'sort', messages: ['sort=relevance needs a search term q'] }]);
  }
  const window = pageWindow(query);
  const normalized = { ...query, sort, page: window.page, pageSize: window.pageSize, order: query.order };
  const cacheKey = JSON.stringify(
    Object.entries(normalized)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    filters: {
      includeInactive: options.includeInactive,
      text: query.q || undefined,
      category: query.category?.toLowerCase() || undefined,
      tags: query.tags && query.tags.length > 0 ? query.tags : undefined,
      currency: query.currency || undefined,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      inStock: query.inStock,
    },
    sort,
    order: query.order ?? (sort === 'price' || sort === 'name' ? 'asc' : 'desc'),
    window,
    cacheKey,
  };
}
