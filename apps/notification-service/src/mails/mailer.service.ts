import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Transporter } from 'nodemailer';
import { NotificationSettings } from '../notification-settings';
import { type RenderedMail } from './mail-content';
import { InjectMailTransport } from './mail-transport';

export interface OutgoingMail extends RenderedMail {
  to: { name: string; address: string };
  /** The stable Message-ID of this mail (message-id.ts). */
  messageId: string;
}

/** Sends one mail from MAIL_FROM through the configured transport; resolves with the Message-ID it went out with. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  constructor(
    @InjectMailTransport() private readonly transport: Transporter,
    private readonly settings: NotificationSettings,
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const info = (await this.transport.sendMail({
      from: this.settings.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    })) as { messageId?: string };
    // SES answers with its own Message-ID (it rewrites the header); SMTP keeps ours.
    return info.messageId ?? mail.messageId;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
