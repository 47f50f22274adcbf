import { type Model, Types } from 'mongoose';
import { catalogFilter, catalogSort, ProductRepository } from './product.repository';
import { ProductSkuExistsError } from './products.errors';
import { type Product } from './schemas/product.schema';

const duplicateKey = Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
const query = <T>(result: T) => ({ lean: () => ({ exec: () => Promise.resolve(result) }) });

function repositoryOver(model: Record<string, jest.Mock>): ProductRepository {
  return new ProductRepository(model as unknown as Model<Product>);
}

describe('catalogFilter', () => {
  it('shows active products only unless inactive ones are asked for', () => {
    expect(catalogFilter({ includeInactive: false })).toEqual({ active: true });
    expect(catalogFilter({ includeInactive: true })).toEqual({});
  });

  it('turns every filter into a fixed path with a typed value', () => {
    const filters = { text: 'tee', category: 'apparel', tags: ['a', 'b'], currency: 'EUR', inStock: true };
    expect(catalogFilter({ includeInactive: false, ...filters, minPrice: 100, maxPrice: 900 })).toEqual({
      active: true,
      $text: { $search: 'tee' },
      category: 'apparel',
      tags: { $in: ['a', 'b'] },
      currency: 'EUR',
      price: { $gte: 100, $lte: 900 },
      stock: { $gt: 0 },
    });
    expect(catalogFilter({ includeInactive: true, inStock: false, maxPrice: 5 })).toEqual({
      stock: 0,
      price: { $lte: 5 },
    });
  });
});

describe('catalogSort', () => {
  it('sorts by text score for relevance, else by the field, always with _id as the tie-breaker', () => {
    expect(catalogSort('relevance', 'desc')).toEqual({ score: { $meta: 'textScore' }, _id: 1 });
    expect(catalogSort('price', 'asc')).toEqual({ price: 1, _id: 1 });
    expect(catalogSort('name', 'desc')).toEqual({ sortName: -1, _id: -1 });
    expect(catalogSort('newest', 'asc')).toEqual({ createdAt: 1, _id: 1 });
  });
});

describe('ProductRepository', () => {
  it('finds products in the order asked, each once, leaving unknown ids out', async () => {
    const [a, b] = [new Types.ObjectId(), new Types.ObjectId()];
    const find = jest.fn().mockReturnValue(query([{ _id: b }, { _id: a }]));
    const found = await repositoryOver({ find }).findByIds([
      a.toHexString(),
      'f'.repeat(24),
      b.toHexString(),
      a.toHexString(),
    ]);
    expect(found.map((product) => product._id)).toEqual([a, b]);
    expect(find).toHaveBeenCalledWith({ _id: { $in: [a.toHexString(), 'f'.repeat(24), b.toHexString()] } });
  });

  it('stores the sku upper-cased and a lower-cased copy of the name for sorting', async () => {
    const create = jest.fn().mockResolvedValue({ toObject: () => ({}) });
    await repositoryOver({ create }).insert({ sku: 'tee-1', name: 'Black Tee', stock: 3 });
    expect(create).toHaveBeenCalledWith({ sku: 'TEE-1', name: 'Black Tee', sortName: 'black tee', stock: 3 });
  });

  it('reports a sku clash as PRODUCT_SKU_EXISTS and any other failure as it is', async () => {
    const clash = repositoryOver({ create: jest.fn().mockRejectedValue(duplicateKey) });
    await expect(clash.insert({ sku: 'tee-1', stock: 0 })).rejects.toEqual(new ProductSkuExistsError('TEE-1'));
    const down = new Error('connection closed');
    const failing = repositoryOver({
      findOneAndUpdate: jest.fn().mockImplementation(() => ({ lean: () => ({ exec: () => Promise.reject(down) }) })),
    });
    await expect(failing.updateCatalog('id', { name: 'x' })).rejects.toBe(down);
  });
});
