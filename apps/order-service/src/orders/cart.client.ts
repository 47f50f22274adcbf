import { Injectable } from '@nestjs/common';
import { AuthenticationError } from '@app/auth';
import { UpstreamClient, UpstreamResponseError } from '@app/http-client';
import { throttledAsUnavailable } from './throttled';
import { InjectCartUpstream } from './upstream-tokens';

export interface CartLine {
  productId: string;
  sku?: string;
  name?: string;
  quantity: number;
}

export interface CartContents {
  lines: CartLine[];
}

/** A line of a placed order, as cart-service's internal route takes it. */
export interface OrderedLine {
  productId: { toString(): string };
  quantity: number;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * cart-service. The cart is read during placement as the shopper (their forwarded token: cart-service applies
 * their own authorization); the ordered lines are cleared as order-service itself (its service token), so the
 * clear can be retried long after the shopper's request and token are gone.
 */
@Injectable()
export class CartClient {
  constructor(@InjectCartUpstream() private readonly upstream: UpstreamClient) {}

  async read(): Promise<CartContents> {
    try {
      const { body } = await this.upstream.request<unknown>({
        method: 'GET',
        path: '/api/v1/cart',
        credentials: 'forward',
      });
      return { lines: parseLines(body) };
    } catch (error) {
      // The shopper's token was accepted here but refused there (it expired in between): say so, as a 401.
      if (error instanceof UpstreamResponseError && error.status === 401)
        throw new AuthenticationError(
          error.code === 'TOKEN_EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
          'cart-service refused the access token; refresh it and retry with the same Idempotency-Key.',
        );
      throw throttledAsUnavailable(error);
    }
  }

  /** Removes the order's lines from the shopper's cart (only what the order covers); safe to repeat. */
  async clearOrdered(userId: string, lines: OrderedLine[]): Promise<void> {
    await this.upstream
      .request({
        method: 'POST',
        path: `/internal/v1/carts/${encodeURIComponent(userId)}/clear-ordered`,
        body: { lines: lines.map((line) => ({ productId: line.productId.toString(), quantity: line.quantity })) },
        credentials: 'service',
        idempotent: true,
      })
      .catch((error: unknown) => {
        throw throttledAsUnavailable(error);
      });
  }
}

/** Only what the saga needs, checked, so a contract drift fails loudly instead of ordering nonsense. */
function parseLines(body: unknown): CartLine[] {
  const lines = (body as { lines?: unknown } | undefined)?.lines;
  if (!Array.isArray(lines)) throw new Error('cart-service answered without a lines array');
  return lines.map((line: Record<string, unknown>) => {
    const { productId, quantity, sku, name } = line ?? {};
    if (typeof productId !== 'string' || !OBJECT_ID.test(productId) || !Number.isSafeInteger(quantity))
      throw new Error('cart-service answered with a malformed cart line');
    return {
      productId,
      quantity: quantity as number,
      ...(typeof sku === 'string' ? { sku } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    };
  });
}
