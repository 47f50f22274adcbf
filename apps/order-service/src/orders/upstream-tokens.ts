import { Inject } from '@nestjs/common';

/** The upstream clients of this module, provided from `UpstreamClientFactory` (one circuit breaker each). */
export const CART_UPSTREAM = Symbol('CART_UPSTREAM');
export const PRODUCT_UPSTREAM = Symbol('PRODUCT_UPSTREAM');

export const InjectCartUpstream = (): ParameterDecorator => Inject(CART_UPSTREAM);
export const InjectProductUpstream = (): ParameterDecorator => Inject(PRODUCT_UPSTREAM);
