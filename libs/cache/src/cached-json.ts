import { createHash } from 'node:crypto';

/**
 * A JSON value as it goes over the wire: the UTF-8 bytes of its JSON text and a strong entity tag derived
 * from exactly those bytes. Two replicas holding the same text compute the same tag, so a tag is valid
 * wherever the same bytes are served (other replicas, a CDN in front of them).
 */
export interface CachedJson {
  readonly body: Buffer;
  /** A strong entity tag, quoted as it goes into an `ETag` header: `"<base64url of a SHA-256 prefix>"`. */
  readonly etag: string;
}

/** The strong tag of `bytes`: 128 bits of SHA-256, base64url, quoted (RFC 9110 section 8.8.3). */
export function entityTagOf(bytes: Buffer): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
}

/** The wire form of a JSON text. */
export function jsonFromText(text: string): CachedJson {
  const body = Buffer.from(text, 'utf8');
  return Object.freeze({ body, etag: entityTagOf(body) });
}

/** The wire form of a value, for what is not cached (the same bytes `JSON.stringify` gives, and their tag). */
export function serializeJson(value: unknown): CachedJson {
  return jsonFromText(JSON.stringify(value));
}
