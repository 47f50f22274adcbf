import { runService } from '@app/service-kit';
import { cartService } from './cart-service';

export const bootstrap = (): Promise<void> => runService(cartService);
