import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ValidationFailedError } from '@app/errors';

/** `If-Match: "3"` (or `3`, or `W/"3"`) as a version number; absent or `*` means "whatever is current". */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value.trim());
  if (!match) {
    throw new ValidationFailedError(
      [{ field: 'If-Match', messages: ['If-Match must be the product version, e.g. "3"'] }],
      'The If-Match header is malformed.',
    );
  }
  return Number(match[1]);
}

export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<{ headers: Record<string, string | string[]> }>().headers['if-match']),
);
