import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { CartSettings } from './cart-settings';
import { CartsModule } from './carts/carts.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<CartSettings>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(loaded), CartsModule] };
  }
}
