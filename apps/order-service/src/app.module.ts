import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { MessagingModule } from '@app/messaging';
import { ServiceCoreModule } from '@app/service-kit';
import { EventsModule } from './events/events.module';
import { OrderSettings } from './order-settings';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<OrderSettings>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot(loaded), MessagingModule, EventsModule, OrdersModule],
    };
  }
}
