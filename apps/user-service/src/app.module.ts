import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(loaded), UsersModule] };
  }
}
