import { ValidationFailedError } from '@app/errors';
import { parseIfMatch } from './if-match.decorator';

describe('parseIfMatch', () => {
  it('reads a version in the usual spellings', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch(['"4"', '"5"'])).toBe(4);
  });

  it('treats absent and * as no precondition, and refuses anything else', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
    for (const bad of ['"abc"', '-1', '"1", "2"', '']) expect(() => parseIfMatch(bad)).toThrow(ValidationFailedError);
  });
});
