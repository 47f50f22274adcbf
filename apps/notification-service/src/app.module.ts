import { DynamicModule, Module } from '@nestjs/common';
import { LoadedConfig } from '@app/config';
import { MessagingModule } from '@app/messaging';
import { ServiceCoreModule } from '@app/service-kit';
import { NotificationSettings } from './notification-settings';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(loaded: LoadedConfig<NotificationSettings>): DynamicModule {
    return { module: AppModule, imports: [ServiceCoreModule.forRoot(loaded), MessagingModule, NotificationsModule] };
  }
}
