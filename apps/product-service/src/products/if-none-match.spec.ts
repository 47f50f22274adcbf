import { ifNoneMatchHolds } from './if-none-match';

describe('ifNoneMatchHolds', () => {
  const etag = '"abc123"';

  it('matches the tag itself, weak or strong, alone or in a list, and *', () => {
    expect(ifNoneMatchHolds('"abc123"', etag)).toBe(true);
    expect(ifNoneMatchHolds('W/"abc123"', etag)).toBe(true);
    expect(ifNoneMatchHolds('"old", W/"abc123" , "other"', etag)).toBe(true);
    expect(ifNoneMatchHolds(['"old"', '"abc123"'], etag)).toBe(true);
    expect(ifNoneMatchHolds('*', etag)).toBe(true);
    expect(ifNoneMatchHolds(' * ', etag)).toBe(true);
  });

  it('does not match other tags, an absent field or an empty one', () => {
    expect(ifNoneMatchHolds(undefined, etag)).toBe(false);
    expect(ifNoneMatchHolds('', etag)).toBe(false);
    expect(ifNoneMatchHolds('"abc12"', etag)).toBe(false);
    expect(ifNoneMatchHolds('"ABC123"', etag)).toBe(false);
    expect(ifNoneMatchHolds('"old", "older"', etag)).toBe(false);
  });

  it('ignores a malformed field as a whole, even when the tag appears in it', () => {
    for (const malformed of [
      'abc123',
      '"abc123',
      'abc123"',
      '"abc123" garbage',
      '"a"b", "abc123"',
      'W/ "abc123"',
      '"abc123",, "x" junk',
      `"x", ${'"y", '.repeat(2_000)}"abc123"`,
      '"abc\u0001123"',
    ])
      expect(ifNoneMatchHolds(malformed, etag)).toBe(false);
  });
});
