import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UpstreamClientFactory } from '@app/http-client';
import { MailsModule } from '../mails/mails.module';
import { NotificationSettings } from '../notification-settings';
import { ContactClient } from './contact.client';
import { NotificationRepository } from './notification.repository';
import { NotificationMetrics } from './notifications.metrics';
import { NotificationsService } from './notifications.service';
import { Notification, NotificationSchema } from './schemas/notification.schema';
import { ShopperMailsConsumer } from './shopper-mails.consumer';
import { USER_UPSTREAM } from './upstream-tokens';

/** Order and payment events in, one mail per event out, recorded by event id. No HTTP routes. */
@Module({
  imports: [MongooseModule.forFeature([{ name: Notification.name, schema: NotificationSchema }]), MailsModule],
  providers: [
    {
      provide: USER_UPSTREAM,
      inject: [UpstreamClientFactory, NotificationSettings],
      useFactory: (factory: UpstreamClientFactory, settings: NotificationSettings) =>
        factory.client('user-service', settings.userServiceUrl),
    },
    ContactClient,
    NotificationRepository,
    NotificationMetrics,
    NotificationsService,
    ShopperMailsConsumer,
  ],
})
export class NotificationsModule {}
