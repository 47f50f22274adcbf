import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { freePort } from '../platform/free-port';
import { type MailCatcher, portOrFree, startMailCatcher } from './mail-catcher';

/** The real maildev, as `npm run dev` starts it: mails sent over SMTP are readable on its web page and API. */
describe('the local mail catcher', () => {
  const mailDirectory = mkdtempSync(join(tmpdir(), 'mail-catcher-'));
  let catcher: MailCatcher | undefined;
  let taken: Server | undefined;

  afterEach(async () => {
    await catcher?.stop();
    await new Promise((resolve) => (taken ? taken.close(resolve) : resolve(null)));
    catcher = taken = undefined;
  });
  afterAll(() => rmSync(mailDirectory, { recursive: true, force: true }));

  const send = (smtpUrl: string, subject: string) =>
    createTransport(smtpUrl).sendMail({
      from: 'no-reply@shop.local',
      to: 'shopper@example.com',
      subject,
      text: 'Your payment was confirmed.',
      html: '<p>Your payment was confirmed.</p>',
    });
  const subjects = async (webUrl: string) =>
    ((await (await fetch(`${webUrl}/api/email`)).json()) as { subject: string; to: { address: string }[] }[]).map(
      (mail) => `${mail.to[0].address}: ${mail.subject}`,
    );

  it('catches mail on the requested ports, shows it on its web page, and keeps it across a restart', async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    catcher = await startMailCatcher({ smtpPort, webPort, mailDirectory });
    expect(catcher).toMatchObject({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl: `http://127.0.0.1:${webPort}` });

    await send(catcher.smtpUrl, 'Payment confirmed');
    expect(await subjects(catcher.webUrl)).toEqual(['shopper@example.com: Payment confirmed']);
    const page = await fetch(catcher.webUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    await catcher.stop();
    catcher = await startMailCatcher({ smtpPort, webPort, mailDirectory });
    expect(await subjects(catcher.webUrl)).toEqual(['shopper@example.com: Payment confirmed']);
  });

  it('moves to free ports when the usual ones are taken', async () => {
    const busy = await freePort();
    taken = createServer().listen(busy, '127.0.0.1');
    await new Promise((resolve) => taken!.once('listening', resolve));
    expect(await portOrFree(busy)).not.toBe(busy);
    const other = await freePort();
    expect(await portOrFree(busy, [other])).not.toBe(other);

    catcher = await startMailCatcher({ smtpPort: busy, webPort: busy, mailDirectory });
    expect(catcher.smtpUrl).not.toBe(`smtp://127.0.0.1:${busy}`);
    expect(catcher.webUrl).not.toBe(`http://127.0.0.1:${busy}`);
    await send(catcher.smtpUrl, 'Order received');
    expect(await subjects(catcher.webUrl)).toContain('shopper@example.com: Order received');
  });

  it('says why it could not start, with the end of its output', async () => {
    const notADirectory = join(mailDirectory, 'a-file');
    writeFileSync(notADirectory, '');
    await expect(
      startMailCatcher({
        smtpPort: await freePort(),
        webPort: await freePort(),
        mailDirectory: join(notADirectory, 'mail'),
      }),
    ).rejects.toThrow(/mail catcher \(maildev\): exited while starting\n.*ENOTDIR/);
  });
});
