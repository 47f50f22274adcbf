import { runService } from '@app/service-kit';
import { userService } from './user-service';

export const bootstrap = (): Promise<void> => runService(userService);
