import { MetricsService } from '@app/metrics';
import { type CartSettings } from '../cart-settings';
import { ProductLookup } from '../catalog/catalog-product';
import { type ProductCatalog } from '../catalog/product-catalog.service';
import { CartsMetrics } from './carts.metrics';
import { type CartRepository } from './cart.repository';
import { CartsService } from './carts.service';

const MUG = '65f0c0ffee0000000000000a';
const CUP = '65f0c0ffee0000000000000b';
const product = (id: string) => ({ id, sku: id, name: id, price: 100, currency: 'EUR', stock: 50, active: true });
const line = (id: string) => ({ productId: { toString: () => id }, quantity: 1 });
const cartOf = (...ids: string[]) => ({ userId: 'u1', expiresAt: new Date(), lines: ids.map(line), snapshots: {} });

/** When a cart counts as one that got items (the first step of the shop's conversion funnel). */
describe('CartsService: shop_carts_with_items_created_total', () => {
  async function added(before: ReturnType<typeof cartOf> | null, productId: string, after: ReturnType<typeof cartOf>) {
    const metrics = new MetricsService();
    const repository = {
      find: jest.fn(async () => before),
      incrementLine: jest.fn(async () =>
        before?.lines.some((l) => l.productId.toString() === productId) ? after : null,
      ),
      addLine: jest.fn(async () => ({ cart: after, created: before === null })),
      refreshSnapshots: jest.fn(async () => undefined),
    };
    const catalog = {
      lookup: jest.fn(async () => new ProductLookup(new Set([MUG, CUP]), [product(MUG), product(CUP)])),
    };
    const service = new CartsService(
      repository as unknown as CartRepository,
      catalog as unknown as ProductCatalog,
      new CartsMetrics(metrics),
      { maxLines: 5, maxQuantityPerLine: 10 } as CartSettings,
    );
    await service.add('u1', productId, 1);
    const { values } = await metrics.registry.getSingleMetric('shop_carts_with_items_created_total')!.get();
    return values[0]?.value ?? 0;
  }

  it('counts the first item of a new cart and of an emptied one', async () => {
    expect(await added(null, MUG, cartOf(MUG))).toBe(1);
    expect(await added(cartOf(), MUG, cartOf(MUG))).toBe(1);
  });

  it('does not count a second product or more of one already in the cart', async () => {
    expect(await added(cartOf(MUG), CUP, cartOf(MUG, CUP))).toBe(0);
    expect(await added(cartOf(MUG), MUG, cartOf(MUG))).toBe(0);
  });
});
