import { runService, type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { NotificationSettings, readNotificationSettings } from './notification-settings';

export const notificationService: ServiceDefinition<NotificationSettings> = {
  identity: {
    name: 'notification-service',
    defaultDatabase: 'ecommerce_notifications',
    title: 'Notification service: the mails shoppers get about their orders',
    // It reads shoppers' contacts at user-service with its own service token.
    callsOtherServices: true,
  },
  settings: { token: NotificationSettings, read: readNotificationSettings },
  rootModule: (loaded) => AppModule.register(loaded),
};

/** Starts the service (main.ts calls this once tracing is set up). */
export const startNotificationService = (): Promise<void> => runService(notificationService);
