import { type CanActivate, type Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { deadlineWithin, setRequestBudget, timeLeftMs } from './deadline';
import { RequestBudget } from './request-budget.decorator';
import { currentRequestContext, type RequestContext, runWithRequestContext } from './request-context';

const NOW = 1_700_000_000_000;
const inRequest = <T>(work: () => T, context: Partial<RequestContext> = {}): T =>
  runWithRequestContext({ requestId: 'r-1', ...context }, work);

describe('request deadline', () => {
  it('sets a deadline a budget from now, and a later budget can only shorten it', () => {
    expect(deadlineWithin(undefined, 5_000, NOW)).toBe(NOW + 5_000);
    expect(deadlineWithin(NOW + 1_000, 5_000, NOW)).toBe(NOW + 1_000);
    expect(deadlineWithin(NOW + 9_000, 5_000, NOW)).toBe(NOW + 5_000);
  });

  it('gives the current request its budget and tells the time it has left, never below zero', () => {
    inRequest(() => {
      setRequestBudget(2_000, NOW);
      expect(currentRequestContext()?.deadline).toBe(NOW + 2_000);
      expect(timeLeftMs(NOW + 500)).toBe(1_500);
      expect(timeLeftMs(NOW + 2_500)).toBe(0);
    });
  });

  it('leaves work without a deadline unbounded, inside or outside a request', () => {
    expect(timeLeftMs(NOW)).toBe(Infinity);
    setRequestBudget(2_000, NOW); // outside a request: nothing to bound, and no error
    expect(timeLeftMs(NOW)).toBe(Infinity);
    expect(inRequest(() => timeLeftMs(NOW))).toBe(Infinity);
  });
});

describe('@RequestBudget', () => {
  abstract class ShopSettings {
    abstract readonly budgetMs: number;
  }

  it('adds a route guard that gives the request the budget read from the settings, and lets it through', () => {
    class Orders {
      @RequestBudget(ShopSettings, (settings) => settings.budgetMs)
      place(): void {}
    }
    const guards = Reflect.getMetadata(GUARDS_METADATA, Orders.prototype.place) as Type<CanActivate>[];
    expect(guards).toHaveLength(1);
    const guard = new guards[0]({ budgetMs: 3_000 });

    const before = Date.now();
    const deadline = inRequest(() => {
      expect(guard.canActivate({} as never)).toBe(true);
      return currentRequestContext()?.deadline;
    });
    expect(deadline).toBeGreaterThanOrEqual(before + 3_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 3_000);
  });
});
