import { type CatalogProduct } from './catalog-product';

export class CatalogAnswerError extends Error {
  readonly code = 'CATALOG_ANSWER_UNREADABLE';
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isWhole = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Accepts product-service's answer only in the contract's shape, so a bad answer never prices a cart. */
export function parseCatalogAnswer(body: unknown): CatalogProduct[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new CatalogAnswerError('product-service answered without items[]');
  return items.map((item: Record<string, unknown>) => {
    const { id, sku, name, price, currency, stock, active } = item ?? {};
    if (!isText(id) || !isText(sku) || !isText(name) || !isText(currency))
      throw new CatalogAnswerError('a product lacks id, sku, name or currency');
    if (!isWhole(price) || !isWhole(stock) || typeof active !== 'boolean')
      throw new CatalogAnswerError('a product has an invalid price, stock or active flag');
    return { id: id.toLowerCase(), sku, name, price, currency, stock, active };
  });
}
