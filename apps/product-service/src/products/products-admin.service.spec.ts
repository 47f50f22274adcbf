import { ValidationFailedError } from '@app/errors';
import { Types } from 'mongoose';
import { type CatalogCache } from './catalog.cache';
import { type ProductRepository } from './product.repository';
import { ProductsAdminService } from './products-admin.service';
import { ProductNotFoundError, StockWouldGoNegativeError } from './products.errors';
import { type LeanProduct } from './schemas/product.schema';

function serviceOver(products: Partial<Record<keyof ProductRepository, jest.Mock>>) {
  const cache = { invalidate: jest.fn().mockResolvedValue(undefined) };
  const service = new ProductsAdminService(products as unknown as ProductRepository, cache as unknown as CatalogCache);
  return { service, cache };
}

describe('ProductsAdminService.adjustStock', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  const product = { _id: new Types.ObjectId(), stock: 7, createdAt: at, updatedAt: at } as LeanProduct;

  it('needs exactly one of set or increment', async () => {
    const { service } = serviceOver({});
    await expect(service.adjustStock('id', {})).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(service.adjustStock('id', { set: 1, increment: 1 })).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it('sets or adds through the repository, then empties the catalog cache', async () => {
    const setStock = jest.fn().mockResolvedValue(product);
    const addStock = jest.fn().mockResolvedValue(product);
    const { service, cache } = serviceOver({ setStock, addStock });
    expect((await service.adjustStock('id', { set: 7 })).stock).toBe(7);
    await service.adjustStock('id', { increment: -2 });
    expect([setStock.mock.calls, addStock.mock.calls]).toEqual([[['id', 7]], [['id', -2]]]);
    expect(cache.invalidate).toHaveBeenCalledTimes(2);
  });

  it('tells a missing product from a decrement larger than the stock, and changes nothing', async () => {
    const addStock = jest.fn().mockResolvedValue(null);
    const missing = serviceOver({ addStock, findStockLevel: jest.fn().mockResolvedValue(undefined) });
    await expect(missing.service.adjustStock('id', { increment: -5 })).rejects.toBeInstanceOf(ProductNotFoundError);
    const short = serviceOver({ addStock, findStockLevel: jest.fn().mockResolvedValue(3) });
    await expect(short.service.adjustStock('id', { increment: -5 })).rejects.toEqual(
      new StockWouldGoNegativeError(3, 5),
    );
    expect(short.cache.invalidate).not.toHaveBeenCalled();
  });
});
