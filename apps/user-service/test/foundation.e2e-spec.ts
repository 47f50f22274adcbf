import { describeFoundation } from '../../../test/support/foundation-suite';
import { userService } from '../src/user-service';

describeFoundation(userService);
