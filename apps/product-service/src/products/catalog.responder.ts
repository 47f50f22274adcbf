import { Injectable } from '@nestjs/common';
import { type CachedJson } from '@app/cache';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ProductSettings } from '../product-settings';
import { ifNoneMatchHolds } from './if-none-match';

const JSON_UTF8 = 'application/json; charset=utf-8';
/** A caller who sent a token gets an answer no cache may keep, whoever they are. */
const PRIVATE = 'private, no-store';

/**
 * How a catalog read (the list or one product) leaves the service (docs/decisions/0007-catalog-cache.md, "HTTP
 * caching"):
 * - the JSON bytes as they were stored, with a strong `ETag` derived from them (both made once per stored entry
 *   by libs/cache), so a cache hit is never serialised again;
 * - `If-None-Match` naming that tag: 304 with no body;
 * - `Cache-Control: public, max-age=…, stale-while-revalidate=…` when the request carries no `Authorization`,
 *   else `private, no-store`; `Vary: Authorization` on both, since the answer depends on the token (admins also
 *   see inactive products), so no cache hands an anonymous copy to an admin or the reverse.
 * Errors never get here: the controller is `@NoStore()`, so every problem answer of these routes is `no-store`.
 */
@Injectable()
export class CatalogResponder {
  private readonly publicCacheControl: string;

  constructor(settings: ProductSettings) {
    const maxAge = settings.catalogHttpMaxAgeSeconds;
    this.publicCacheControl =
      (maxAge > 0 ? `public, max-age=${maxAge}` : 'public, no-cache') +
      (settings.catalogHttpStaleWhileRevalidateSeconds > 0
        ? `, stale-while-revalidate=${settings.catalogHttpStaleWhileRevalidateSeconds}`
        : '');
  }

  /** Sends `read` once it is there; a read already in hand (a cache hit in this process) is sent at once. */
  send(request: FastifyRequest, reply: FastifyReply, read: CachedJson | Promise<CachedJson>): void | Promise<void> {
    if (read instanceof Promise) return read.then((json) => this.sendNow(request, reply, json));
    this.sendNow(request, reply, read);
  }

  private sendNow(request: FastifyRequest, reply: FastifyReply, read: CachedJson): void {
    const headers = request.headers;
    void reply
      .header('cache-control', headers.authorization === undefined ? this.publicCacheControl : PRIVATE)
      .header('vary', withAuthorization(reply.getHeader('vary')))
      .header('etag', read.etag);
    if (ifNoneMatchHolds(headers['if-none-match'], read.etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.header('content-type', JSON_UTF8).send(read.body);
  }
}

/** `Vary` with `Authorization` added to what is already there (CORS adds `Origin` for cross-origin calls). */
function withAuthorization(current: number | string | string[] | undefined): string {
  if (current === undefined) return 'Authorization';
  const text = String(current);
  return /(^|,)\s*authorization\s*(,|$)/i.test(text) ? text : `${text}, Authorization`;
}
