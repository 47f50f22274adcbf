import { currentRequestContext } from './request-context';

/** The earlier of a deadline already set and `budgetMs` from now: a budget can only shorten a request. */
export function deadlineWithin(existing: number | undefined, budgetMs: number, now: number): number {
  return Math.min(existing ?? Infinity, now + budgetMs);
}

/**
 * Gives the current request `budgetMs` to answer, from now (or less, if it already has a shorter deadline).
 * Mutates the request's own context, as the auth guard does with the user id, so that a route guard can set
 * it for the handler that follows. Outside a request there is nothing to bound and nothing happens.
 */
export function setRequestBudget(budgetMs: number, now = Date.now()): void {
  const context = currentRequestContext();
  if (context) context.deadline = deadlineWithin(context.deadline, budgetMs, now);
}

/** Milliseconds the current request has left (never negative); Infinity when it has no deadline. */
export function timeLeftMs(now = Date.now()): number {
  const deadline = currentRequestContext()?.deadline;
  return deadline === undefined ? Infinity : Math.max(0, deadline - now);
}
