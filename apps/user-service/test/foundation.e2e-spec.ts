import { testKeys } from '../../../test/support/keys';
import { describeFoundation } from '../../../test/support/foundation-suite';
import { userService } from '../src/user-service';

// user-service also needs its signing key (the private half of the tests' key pair).
describeFoundation(userService, { JWT_PRIVATE_KEY: testKeys.privateKey, BCRYPT_COST: '4' });
