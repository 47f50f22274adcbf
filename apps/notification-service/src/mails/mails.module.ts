import { Module } from '@nestjs/common';
import { NotificationSettings } from '../notification-settings';
import { Mailer } from './mailer.service';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';

/** Rendering and sending mails: the templates are plain functions, the transport one per process. */
@Module({
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [NotificationSettings],
      useFactory: (settings: NotificationSettings) => createMailTransport(settings.mail),
    },
    Mailer,
  ],
  exports: [Mailer],
})
export class MailsModule {}
