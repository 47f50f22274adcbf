import { describeFoundation } from '../../../test/support/foundation-suite';
import { orderService } from '../src/order-service';

// The shared stack needs no upstream, but the service refuses to start without its client credentials.
describeFoundation(orderService, {
  SERVICE_CLIENT_ID: 'order-service',
  SERVICE_CLIENT_SECRET: 'foundation-suite-secret',
  USER_SERVICE_URL: 'http://127.0.0.1:9',
});
