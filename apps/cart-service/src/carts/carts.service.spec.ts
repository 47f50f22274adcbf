import { UpstreamUnavailableError } from '@app/errors';
import { MetricsService } from '@app/metrics';
import { type CartSettings } from '../cart-settings';
import { ProductLookup } from '../catalog/catalog-product';
import { type ProductCatalog } from '../catalog/product-catalog.service';
import { CartsMetrics } from './carts.metrics';
import { type CartRepository } from './cart.repository';
import { CartsService } from './carts.service';

const MUG = '65f0c0ffee0000000000000a';
const settings = { maxLines: 5, maxQuantityPerLine: 10 } as CartSettings;
const mug = { id: MUG, sku: 'MUG', name: 'Mug', price: 100, currency: 'EUR', stock: 50, active: true };

/** The service's decisions around the repository and the catalog; their real behaviour is covered by e2e. */
describe('CartsService', () => {
  it('gives up with CART_BUSY when concurrent changes keep winning, instead of looping', async () => {
    const repository = {
      find: jest.fn(async () => null),
      incrementLine: jest.fn(async () => null),
      addLine: jest.fn(async () => undefined),
    };
    const catalog = { lookup: jest.fn(async () => new ProductLookup(new Set([MUG]), [mug])) };
    const service = new CartsService(
      repository as unknown as CartRepository,
      catalog as unknown as ProductCatalog,
      new CartsMetrics(new MetricsService()),
      settings,
    );
    await expect(service.add('u1', MUG, 1)).rejects.toMatchObject({ status: 409, code: 'CART_BUSY' });
    expect(repository.addLine).toHaveBeenCalledTimes(5);
  });

  it('lowers a quantity without asking product-service, and shows a stale cart when it cannot answer', async () => {
    const stored = {
      userId: 'u1',
      expiresAt: new Date(),
      lines: [{ productId: { toString: () => MUG }, quantity: 3 }],
      snapshots: { [MUG]: { sku: 'MUG', name: 'Mug', unitPrice: 100, currency: 'EUR' } },
    };
    const repository = {
      find: jest.fn(async () => stored),
      setQuantity: jest.fn(async () => ({ ...stored, lines: [{ ...stored.lines[0], quantity: 1 }] })),
      refreshSnapshots: jest.fn(async () => undefined),
    };
    const catalog = { lookup: jest.fn(async () => Promise.reject(new UpstreamUnavailableError('product-service', 1))) };
    const service = new CartsService(
      repository as unknown as CartRepository,
      catalog as unknown as ProductCatalog,
      new CartsMetrics(new MetricsService()),
      settings,
    );
    const view = await service.setQuantity('u1', MUG, 1);
    expect(repository.setQuantity).toHaveBeenCalledWith('u1', MUG, 1, undefined);
    expect(view).toMatchObject({ stale: true, subtotal: 100, lines: [{ quantity: 1, available: false }] });
    await expect(service.setQuantity('u1', MUG, 4)).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });
});
