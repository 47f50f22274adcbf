import { SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import { type NotificationSettings } from '../notification-settings';
import { Mailer } from './mailer.service';

const settings = { mail: { transport: 'ses', from: 'Shop <orders@shop.example>' } } as NotificationSettings;
const mail = {
  to: { name: 'Ada Lovelace', address: 'ada@example.com' },
  subject: 'We received your order ORD-1',
  text: 'Hello Ada,',
  html: '<p>Hello Ada,</p>',
  messageId: '<evt-1.notification@shop.example>',
};

describe('Mailer over SES', () => {
  it('hands SES one raw MIME message from MAIL_FROM to the shopper, and answers the Message-ID SES gave it', async () => {
    const sent: SendEmailCommandInput[] = [];
    // Only the AWS client is replaced: nodemailer's SES transport and the SDK's command are the real ones.
    const sesClient = {
      config: { region: async () => 'eu-west-1' },
      send: async (command: SendEmailCommand) => {
        sent.push(command.input);
        return { MessageId: '0102abc' };
      },
    };
    const mailer = new Mailer(nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } }), settings);

    await expect(mailer.send(mail)).resolves.toBe('<0102abc@eu-west-1.amazonses.com>');
    expect(sent).toHaveLength(1);
    const raw = Buffer.from(sent[0].Content!.Raw!.Data!).toString('utf8');
    expect(raw).toContain('From: Shop <orders@shop.example>');
    expect(raw).toContain('To: Ada Lovelace <ada@example.com>');
    expect(raw).toContain('Subject: We received your order ORD-1');
    expect(raw).toContain('Content-Type: text/html');
    expect(raw).toContain('Content-Type: text/plain');
    mailer.onApplicationShutdown();
  });
});
