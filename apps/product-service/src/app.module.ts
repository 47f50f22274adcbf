import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { ProductsModule } from './products/products.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(loaded), ProductsModule] };
  }
}
