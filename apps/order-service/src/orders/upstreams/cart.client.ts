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

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** cart-service, always called as the shopper (their forwarded token): it applies their own authorization. */
@Injectable()
export class CartClient {
  constructor(@InjectCartUpstream() private readonly upstream: UpstreamClient) {}

  async read(): Promise<CartContents> {
    const { body } = await this.call<unknown>('GET');
    return { lines: parseLines(body) };
  }

  async clear(): Promise<void> {
    await this.call('DELETE');
  }

  private async call<T>(method: 'GET' | 'DELETE') {
    try {
      return await this.upstream.request<T>({ method, path: '/api/v1/cart', credentials: 'forward' });
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
