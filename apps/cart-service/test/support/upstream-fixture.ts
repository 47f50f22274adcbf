/** What the cart tests need from the services cart-service depends on. */
export interface ProductInput {
  name?: string;
  price?: number;
  stock?: number;
  currency?: string;
  active?: boolean;
}

export interface Upstreams {
  /** PRODUCT_SERVICE_URL, USER_SERVICE_URL and cart-service's client credentials. */
  cartEnvironment(): Record<string, string>;
  createProduct(input?: ProductInput): Promise<string>;
  updateProduct(id: string, changes: { name?: string; price?: number; active?: boolean }): Promise<void>;
  stopProductService(): Promise<void>;
  /** A new product-service instance on the same port and database, as after a restart. */
  restartProductService(): Promise<void>;
  close(): Promise<void>;
}
