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

  describe('when the cart changes underneath, or limits were lowered', () => {
    const stored = (quantity: number) => ({
      userId: 'u1',
      expiresAt: new Date(),
      lines: [{ productId: { toString: () => MUG }, quantity }],
      snapshots: { [MUG]: { sku: 'MUG', name: 'Mug', unitPrice: 100, currency: 'EUR' } },
    });
    const serviceOver = (repository: Record<string, jest.Mock>, lookup = jest.fn()) =>
      new CartsService(
        repository as unknown as CartRepository,
        { lookup } as unknown as ProductCatalog,
        new CartsMetrics(new MetricsService()),
        settings,
      );

    it('refuses to keep a line above a lowered per-line limit while letting it shrink below', async () => {
      // 15 was allowed before CART_MAX_QUANTITY_PER_LINE went down to 10.
      const setQuantity = jest.fn(async () => stored(9));
      const lookup = jest.fn(async () => new ProductLookup(new Set([MUG]), [mug]));
      const service = serviceOver(
        { find: jest.fn(async () => stored(15)), setQuantity, refreshSnapshots: jest.fn() },
        lookup,
      );
      await expect(service.setQuantity('u1', MUG, 12)).rejects.toMatchObject({
        code: 'CART_LINE_QUANTITY_LIMIT',
        extensions: { requested: 12, maxQuantityPerLine: 10, inCart: 15 },
      });
      expect(setQuantity).not.toHaveBeenCalled();
      await expect(service.setQuantity('u1', MUG, 9)).resolves.toMatchObject({ lines: [{ quantity: 9 }] });
    });

    it('answers CART_LINE_NOT_FOUND when the line was removed between reading and updating the cart', async () => {
      const service = serviceOver({ find: jest.fn(async () => stored(3)), setQuantity: jest.fn(async () => null) });
      await expect(service.setQuantity('u1', MUG, 1)).rejects.toMatchObject({
        status: 404,
        code: 'CART_LINE_NOT_FOUND',
      });
    });

    it("retries removing an order's lines while the cart keeps changing, and gives up with CART_BUSY", async () => {
      const removeLinesUpTo = jest.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
      const service = serviceOver({ find: jest.fn(async () => stored(2)), removeLinesUpTo });
      await expect(service.clearOrdered('u1', [{ productId: MUG, quantity: 2 }])).resolves.toBeUndefined();
      expect(removeLinesUpTo).toHaveBeenCalledTimes(2);

      const busy = serviceOver({ find: jest.fn(async () => stored(2)), removeLinesUpTo: jest.fn(async () => false) });
      await expect(busy.clearOrdered('u1', [{ productId: MUG, quantity: 2 }])).rejects.toMatchObject({
        code: 'CART_BUSY',
      });
    });

    it('shows a stale cart only when product-service is unavailable, not on an unexpected failure', async () => {
      const lookup = jest.fn(async () => Promise.reject(new TypeError('bug')));
      const service = serviceOver({ find: jest.fn(async () => stored(1)) }, lookup);
      await expect(service.view('u1')).rejects.toBeInstanceOf(TypeError);
    });
  });
});
