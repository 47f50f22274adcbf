import { type EnvReader } from '@app/config';

/** What only order-service reads: where its upstreams are. */
export interface OrderSettings {
  cartServiceUrl: string;
  productServiceUrl: string;
}

export function readOrderSettings(env: EnvReader): OrderSettings {
  return {
    cartServiceUrl: env.url('CART_SERVICE_URL', ['http:', 'https:'], 'http://127.0.0.1:3003'),
    productServiceUrl: env.url('PRODUCT_SERVICE_URL', ['http:', 'https:'], 'http://127.0.0.1:3001'),
  };
}
