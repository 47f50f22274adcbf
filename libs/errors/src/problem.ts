/** One field-level validation failure, as returned in a problem's `errors[]`. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `shippingAddress.country`. */
  field: string;
  messages: string[];
}

/** RFC 9457 problem details body, plus the stable machine `code` and the request id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs: stable identifiers documented in docs/errors.md, never dereferenced. */
export function problemType(code: string): string {
  return `urn:ecommerce:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
