import { describeFoundation } from '../../../test/support/foundation-suite';
import { orderService } from '../src/order-service';

describeFoundation(orderService);
