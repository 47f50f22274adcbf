import { describeFoundation } from '../../../test/support/foundation-suite';
import { cartService } from '../src/cart-service';

describeFoundation(cartService);
