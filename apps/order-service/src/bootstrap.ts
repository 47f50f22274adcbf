import { runService } from '@app/service-kit';
import { orderService } from './order-service';

export const bootstrap = (): Promise<void> => runService(orderService);
