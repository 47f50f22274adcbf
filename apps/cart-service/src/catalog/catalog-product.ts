/** A product as product-service's internal endpoint describes it (docs/contracts/internal-api.md). */
export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  /** Integer minor units. */
  price: number;
  currency: string;
  stock: number;
  active: boolean;
}

/** The answer to one lookup: which ids were asked for, and what product-service knew about them. */
export class ProductLookup {
  private readonly byId: Map<string, CatalogProduct>;

  constructor(
    readonly askedFor: ReadonlySet<string>,
    items: CatalogProduct[],
  ) {
    this.byId = new Map(items.map((item) => [item.id, item]));
  }

  static empty(): ProductLookup {
    return new ProductLookup(new Set(), []);
  }

  /** Asked for and answered: `undefined` then means the product no longer exists. */
  covers(productId: string): boolean {
    return this.askedFor.has(productId);
  }

  get(productId: string): CatalogProduct | undefined {
    return this.byId.get(productId);
  }

  /** This lookup plus another one (for ids the first did not cover). */
  merge(other: ProductLookup): ProductLookup {
    return new ProductLookup(new Set([...this.askedFor, ...other.askedFor]), [
      ...this.byId.values(),
      ...other.byId.values(),
    ]);
  }
}
