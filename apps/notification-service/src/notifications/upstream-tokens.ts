import { Inject } from '@nestjs/common';

/** user-service's client, provided from `UpstreamClientFactory` (its own circuit breaker). */
export const USER_UPSTREAM = Symbol('USER_UPSTREAM');

export const InjectUserUpstream = (): ParameterDecorator => Inject(USER_UPSTREAM);
