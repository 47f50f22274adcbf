import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { ServiceCoreModule } from '@app/service-kit';
import { AuthModule } from './auth/auth.module';
import { ServiceClientsModule } from './service-clients/service-clients.module';
import { TokensModule } from './tokens/tokens.module';
import { UserSettings } from './user-settings';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<UserSettings>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forRoot(loaded), AuthModule, UsersModule, ServiceClientsModule, TokensModule],
    };
  }
}
