import { describeFoundation } from '../../../test/support/foundation-suite';
import { productService } from '../src/product-service';

describeFoundation(productService);
