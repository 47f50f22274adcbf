/**
 * One entity tag of an If-None-Match list (RFC 9110 section 8.8.3): optionally `W/`, then a quoted opaque tag,
 * then a comma or the end. Sticky, so a list is read tag after tag and anything else stops it.
 */
const LIST_ITEM = /[ \t]*(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/y;

/** Longer lists than this are not read (a client has no reason to send hundreds of tags). */
const MAX_LENGTH = 4_096;

/**
 * Whether `If-None-Match` names the current representation, whose strong tag is `etag`: then a GET is answered
 * 304 (RFC 9110 section 13.1.2). Comparison is weak (`W/"x"` matches `"x"`), as the RFC prescribes for this
 * field; `*` matches any current representation. A malformed field matches nothing, so the client simply gets
 * the full answer (never an error): the field is only an optimisation for it.
 */
export function ifNoneMatchHolds(field: string | string[] | undefined, etag: string): boolean {
  if (field === undefined) return false;
  const value = Array.isArray(field) ? field.join(', ') : field;
  if (value === etag) return true; // what a client sends back almost always: the one tag it was given
  if (value.length > MAX_LENGTH) return false;
  if (value.trim() === '*') return true;
  let matched = false;
  LIST_ITEM.lastIndex = 0;
  while (LIST_ITEM.lastIndex < value.length) {
    const item = LIST_ITEM.exec(value);
    if (item === null) return false; // not a list of entity tags: ignore the whole field
    if (item[1] === etag) matched = true;
  }
  return matched;
}
