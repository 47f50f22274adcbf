import { type ExecutionContext } from '@nestjs/common';
import { perRoute } from './per-route';

const route = (handler: object, controller: object) =>
  ({ getHandler: () => handler, getClass: () => controller }) as unknown as ExecutionContext;

describe('perRoute', () => {
  it('reads a route once and answers from memory after that, per handler and controller', () => {
    const read = jest.fn((handler: object, controller: object) => `${String(handler)}@${String(controller)}`);
    const answer = perRoute(read);
    class Products {}
    class Admin {}
    const list = () => undefined;
    expect(answer(route(list, Products))).toBe(answer(route(list, Products)));
    expect(answer(route(list, Admin))).toBe(read.mock.results[1].value);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('remembers falsy answers too', () => {
    const read = jest.fn(() => false);
    const answer = perRoute(read);
    const context = route(() => undefined, class Cart {});
    expect([answer(context), answer(context)]).toEqual([false, false]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
