import { runService } from '@app/service-kit';
import { productService } from './product-service';

export const bootstrap = (): Promise<void> => runService(productService);
