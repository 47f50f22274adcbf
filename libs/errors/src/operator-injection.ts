import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ValidationFailedError } from './domain-error';
import { FieldError } from './problem';

const MAX_DEPTH = 20;
const BRACKET_OPERATOR = /\[\$/;

/** Finds keys that MongoDB would read as operators (`$ne`, `$gt`...) or as paths (`a.b`), at any depth. */
export function findOperatorKeys(value: unknown, path = '', depth = 0): string[] {
  const found: string[] = [];
  collectOperatorKeys(value, path, depth, found);
  return found;
}

// One walk that appends to one array: the same keys in the same order as a recursive flatMap, without an
// intermediate array per key (this runs on the query and body of every request).
function collectOperatorKeys(value: unknown, path: string, depth: number, found: string[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1)
      collectOperatorKeys(value[index], path ? `${path}.${index}` : String(index), depth + 1, found);
    return;
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('.') || BRACKET_OPERATOR.test(key)) found.push(here);
    collectOperatorKeys((value as Record<string, unknown>)[key], here, depth + 1, found);
  }
}

/**
 * Rejects query operators in bodies and query strings before any handler sees them, so no code path can
 * hand a client-controlled operator to MongoDB, whatever its DTO looks like.
 *
 * A guard, registered globally after the rate-limit and auth guards (libs/service-kit), so it runs exactly
 * where the interceptor it replaces ran: after them, before pipes and handlers. Why not an interceptor: a
 * single global interceptor makes Nest wrap every request in an RxJS pipeline (defer, mergeAll, a
 * ReplaySubject, an AsyncResource, lastValueFrom), which was the largest cost of the shared stack on
 * GET /health/live (about 28 % of its CPU). With no interceptors Nest calls the handler directly: CPU per
 * request 101 -> 74 µs on GET /health/live, 334 -> 296 µs on a cached catalog read (tools/bench/stack-cost.ts,
 * docs/benchmarks.md).
 */
@Injectable()
export class OperatorInjectionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ body?: unknown; query?: unknown }>();
    const offending = findOperatorKeys(request.query, 'query');
    offending.push(...findOperatorKeys(request.body, 'body'));
    if (offending.length > 0) {
      const errors: FieldError[] = offending.map((field) => ({
        field,
        messages: ['operators and dotted keys are not allowed'],
      }));
      throw new ValidationFailedError(errors, 'Query operators are not allowed in request bodies or query strings.');
    }
    return true;
  }
}
