import { describeFoundation } from '../../../test/support/foundation-suite';
import { cartService } from '../src/cart-service';

// The shared stack needs no upstream, but the service refuses to start without its client credentials.
describeFoundation(cartService, {
  SERVICE_CLIENT_ID: 'cart-service',
  SERVICE_CLIENT_SECRET: 'foundation-suite-secret',
  USER_SERVICE_URL: 'http://127.0.0.1:9',
});
