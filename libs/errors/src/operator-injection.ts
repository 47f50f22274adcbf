import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ValidationFailedError } from './domain-error';
import { FieldError } from './problem';

const MAX_DEPTH = 20;

/** Finds keys that MongoDB would read as operators (`$ne`, `$gt`...) or as paths (`a.b`), at any depth. */
export function findOperatorKeys(value: unknown, path = '', depth = 0): string[] {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const here = path ? `${path}.${key}` : key;
    const own = !Array.isArray(value) && (key.startsWith('$') || key.includes('.') || /\[\$/.test(key)) ? [here] : [];
    return [...own, ...findOperatorKeys(child, here, depth + 1)];
  });
}

/**
 * Rejects query operators in bodies and query strings before any handler sees them, so no code path can
 * hand a client-controlled operator to MongoDB, whatever its DTO looks like.
 */
@Injectable()
export class OperatorInjectionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ body?: unknown; query?: unknown }>();
    const offending = [...findOperatorKeys(request.query, 'query'), ...findOperatorKeys(request.body, 'body')];
    if (offending.length > 0) {
      const errors: FieldError[] = offending.map((field) => ({
        field,
        messages: ['operators and dotted keys are not allowed'],
      }));
      throw new ValidationFailedError(errors, 'Query operators are not allowed in request bodies or query strings.');
    }
    return next.handle();
  }
}
