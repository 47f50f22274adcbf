import { createMailTransport } from './mail-transport';

const from = 'orders@shop.example';

describe('createMailTransport', () => {
  it('sends through Amazon SES (SESv2) in the configured region with MAIL_TRANSPORT=ses', async () => {
    const transport = createMailTransport({ transport: 'ses', awsRegion: 'eu-west-1', from });
    const ses = transport.transporter as unknown as {
      name: string;
      ses: { sesClient: { config: { region(): Promise<string> } } };
    };
    expect(ses.name).toBe('SESTransport');
    await expect(ses.ses.sesClient.config.region()).resolves.toBe('eu-west-1');
    transport.close();
  });

  it('sends through a pool of SMTP connections to SMTP_URL with MAIL_TRANSPORT=smtp', () => {
    const transport = createMailTransport({ transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:1025', from });
    const smtp = transport.transporter as unknown as { name: string; options: Record<string, unknown> };
    expect(smtp.name).toBe('SMTP (pool)');
    expect(smtp.options).toMatchObject({ host: '127.0.0.1', port: 1025, socketTimeout: 30_000 });
    transport.close();
  });
});
