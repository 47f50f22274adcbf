import { AsyncLocalStorage } from 'node:async_hooks';

/** What a request carries that outgoing calls and log lines need, without threading it through every call. */
export interface RequestContext {
  requestId: string;
  traceparent?: string;
  tracestate?: string;
  /** The caller's `Authorization` header, forwarded only when a call asks to act as the caller. */
  authorization?: string;
  userId?: string;
  /** When the request must have its answer (epoch ms); every upstream call and wait stops by then. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Makes `context` current for the rest of this asynchronous flow (from a Fastify onRequest hook). */
export function enterRequestContext(context: RequestContext): void {
  storage.enterWith(context);
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
