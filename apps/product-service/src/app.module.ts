import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { ProductSettings } from './product-settings';
import { ProductsModule } from './products/products.module';
import { ReservationsModule } from './reservations/reservations.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<ProductSettings>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot(loaded), ProductsModule, ReservationsModule],
    };
  }
}
