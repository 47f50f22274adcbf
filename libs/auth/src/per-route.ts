import { type ExecutionContext } from '@nestjs/common';

/**
 * `read(handler, controller)` computed once per route and then remembered. For what route decorators say:
 * they are fixed once the application is built, so reflecting on them on every request is wasted work on the
 * hot path (docs/benchmarks.md). Keyed weakly by the handler and its controller class (a handler inherited by
 * two controllers is two routes).
 */
export type RouteHandler = ReturnType<ExecutionContext['getHandler']>;
export type RouteController = ReturnType<ExecutionContext['getClass']>;

export function perRoute<T>(
  read: (handler: RouteHandler, controller: RouteController) => T,
): (context: ExecutionContext) => T {
  const routes = new WeakMap<object, WeakMap<object, T>>();
  return (context) => {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = routes.get(handler);
    if (!byController) routes.set(handler, (byController = new WeakMap()));
    if (!byController.has(controller)) byController.set(controller, read(handler, controller));
    return byController.get(controller) as T;
  };
}
