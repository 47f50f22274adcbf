import { Inject } from '@nestjs/common';

/** Injection token of `OrderSettings` (order-service's own configuration). */
export const ORDER_SETTINGS = Symbol('ORDER_SETTINGS');

export const InjectOrderSettings = (): ParameterDecorator => Inject(ORDER_SETTINGS);
