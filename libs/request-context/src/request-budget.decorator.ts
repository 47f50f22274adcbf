import { type Abstract, type CanActivate, Inject, Injectable, mixin, UseGuards } from '@nestjs/common';
import { setRequestBudget } from './deadline';

/**
 * Gives a route a time budget read from the service's settings, e.g.
 * `@RequestBudget(OrderSettings, (settings) => settings.requestBudgetMs)`: every upstream call, retry and wait
 * of the request stops by then (the caller gets a 503 with Retry-After). A route guard rather than an
 * interceptor: it runs after the global guards, costs one assignment, and keeps the request out of an RxJS
 * pipeline (docs/benchmarks.md); routes without it are unbounded as before.
 */
export function RequestBudget<S>(settings: Abstract<S>, budgetMs: (settings: S) => number): MethodDecorator {
  @Injectable()
  class RequestBudgetGuard implements CanActivate {
    private readonly budget: number;

    constructor(@Inject(settings) values: S) {
      this.budget = budgetMs(values);
    }

    canActivate(): boolean {
      setRequestBudget(this.budget);
      return true;
    }
  }
  return UseGuards(mixin(RequestBudgetGuard));
}
