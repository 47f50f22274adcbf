import { Injectable } from '@nestjs/common';
import { UpstreamUnavailableError } from '@app/errors';
import { CartSettings } from '../cart-settings';
import { ProductLookup } from '../catalog/catalog-product';
import { ProductCatalog } from '../catalog/product-catalog.service';
import {
  addRefusal,
  type CartLimits,
  lineCeiling,
  linesCoveredBy,
  type OrderedLine,
  quantityRefusal,
  requireSellable,
} from './cart-rules';
import { buildCartView, type CartView, outdatedSnapshots, snapshotOf } from './cart.view';
import { CartBusyError, CartLineNotFoundError, LineQuantityLimitError } from './carts.errors';
import { type CartOperation, CartsMetrics } from './carts.metrics';
import { CartRepository } from './cart.repository';
import { type ProductSnapshot, type StoredCart } from './schemas/cart.schema';

/** Concurrent changes to one cart rarely collide more than once; past this the client is told to retry. */
const MAX_ATTEMPTS = 5;

const lineIds = (cart: StoredCart | null): string[] => cart?.lines.map((line) => line.productId.toString()) ?? [];

/** The shopper's cart, keyed by the token's subject: there is no cart id anyone could guess or swap. */
@Injectable()
export class CartsService {
  private readonly limits: CartLimits;

  constructor(
    private readonly carts: CartRepository,
    private readonly catalog: ProductCatalog,
    private readonly metrics: CartsMetrics,
    settings: CartSettings,
  ) {
    this.limits = { maxLines: settings.maxLines, maxQuantityPerLine: settings.maxQuantityPerLine };
  }

  async view(userId: string): Promise<CartView> {
    return this.render(userId, await this.carts.find(userId), ProductLookup.empty());
  }

  /** Needs product-service (existence, status, stock): without it, a fast 503 and nothing changes. */
  async add(userId: string, productId: string, quantity: number): Promise<CartView> {
    const current = await this.carts.find(userId);
    const lookup = await this.catalog.lookup([productId, ...lineIds(current)]);
    const product = requireSellable(productId, lookup);
    const snapshot = snapshotOf(product);
    let cart = current;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const refusal = addRefusal(cart, product, quantity, this.limits);
      if (refusal) throw refusal;
      const ceiling = lineCeiling(product, this.limits);
      const incremented = await this.carts.incrementLine(userId, productId, quantity, ceiling, snapshot);
      if (incremented) return this.changed('add', userId, incremented, lookup);
      const added = await this.carts.addLine(userId, productId, quantity, snapshot, this.limits.maxLines);
      if (added) {
        if (added.created) this.metrics.cartCreated();
        // The line just added is the only one: this add turned an empty cart into one with items.
        if (added.cart.lines.length === 1) this.metrics.cartFilled();
        return this.changed('add', userId, added.cart, lookup);
      }
      cart = await this.carts.find(userId); // refused: a rule now applies, or the cart changed underneath
    }
    throw new CartBusyError();
  }

  /** Lowering a quantity needs nothing from product-service; raising it checks status and stock first. */
  async setQuantity(userId: string, productId: string, quantity: number): Promise<CartView> {
    const current = await this.carts.find(userId);
    const line = current?.lines.find((each) => each.productId.toString() === productId);
    if (!line) throw new CartLineNotFoundError(productId);
    let lookup = ProductLookup.empty();
    let snapshot: ProductSnapshot | undefined;
    if (quantity > line.quantity) {
      lookup = await this.catalog.lookup(lineIds(current));
      const product = requireSellable(productId, lookup);
      const refusal = quantityRefusal(product, quantity, line.quantity, this.limits);
      if (refusal) throw refusal;
      snapshot = snapshotOf(product);
    } else if (quantity > this.limits.maxQuantityPerLine) {
      // Only after CART_MAX_QUANTITY_PER_LINE was lowered: a line may shrink, but not stay above the limit.
      throw new LineQuantityLimitError(productId, quantity, this.limits.maxQuantityPerLine, line.quantity);
    }
    const updated = await this.carts.setQuantity(userId, productId, quantity, snapshot);
    if (!updated) throw new CartLineNotFoundError(productId);
    return this.changed('set_quantity', userId, updated, lookup);
  }

  async remove(userId: string, productId: string): Promise<CartView> {
    const updated = await this.carts.removeLine(userId, productId);
    if (!updated) throw new CartLineNotFoundError(productId);
    return this.changed('remove', userId, updated, ProductLookup.empty());
  }

  /** Idempotent: clearing an empty or never-created cart is fine (order-service retries it). */
  async clear(userId: string): Promise<void> {
    if (await this.carts.clear(userId)) this.metrics.cartUpdated('clear');
  }

  /**
   * Takes an order's lines out of the shopper's cart (order-service, after the order is placed; retried until
   * it succeeds). Only lines the order covers go (`linesCoveredBy`), so a retry removes nothing more and what
   * the shopper added since stays. Nothing to remove, or no cart at all, is a success too.
   */
  async clearOrdered(userId: string, ordered: OrderedLine[]): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const covered = linesCoveredBy(await this.carts.find(userId), ordered);
      if (covered.length === 0) return;
      if (await this.carts.removeLinesUpTo(userId, covered)) {
        this.metrics.cartUpdated('clear_ordered');
        return;
      }
    }
    throw new CartBusyError();
  }

  private changed(operation: CartOperation, userId: string, cart: StoredCart, known: ProductLookup): Promise<CartView> {
    this.metrics.cartUpdated(operation);
    return this.render(userId, cart, known);
  }

  /** Prices the cart with current product data; when product-service cannot answer, with the last known. */
  private async render(userId: string, cart: StoredCart | null, known: ProductLookup): Promise<CartView> {
    const missing = lineIds(cart).filter((id) => !known.covers(id));
    let lookup = known;
    let stale = false;
    if (missing.length > 0) {
      try {
        lookup = known.merge(await this.catalog.lookup(missing));
      } catch (error) {
        if (!(error instanceof UpstreamUnavailableError)) throw error;
        stale = true;
        this.metrics.staleRead();
      }
    }
    if (cart) await this.carts.refreshSnapshots(userId, outdatedSnapshots(cart, lookup));
    return buildCartView(userId, cart, lookup, stale);
  }
}
