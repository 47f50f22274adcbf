import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { OrderSettings } from './order-settings';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<OrderSettings>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(loaded), OrdersModule] };
  }
}
