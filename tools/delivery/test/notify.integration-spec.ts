import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmtpCatcher } from '../../../test/support/smtp-catcher';
import { writeImages } from '../../../pulumi/scripts/lib/image-config';
import { fixtureImages, stackFileText } from '../../../pulumi/test/helpers/stack-config';
import { deployEvent } from '../lib/deploy-event';
import { emailMessage, slackMessage } from '../lib/notification';
import { postWebhook, sendMail } from '../lib/transports';
import { main } from '../notify';

/**
 * The real transports against real servers in this process: a webhook endpoint, an SMTP server, and an endpoint
 * speaking SES v2's HTTP API (the AWS SDK pointed at it with AWS_ENDPOINT_URL_SESV2 and made-up credentials).
 */

interface Received {
  method?: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

class FakeHttp {
  readonly received: Received[] = [];
  status = 200;
  answer = 'ok';
  /** Never answers while set, like a hung endpoint. */
  hang = false;
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      this.received.push({ method: request.method, path: request.url ?? '', headers: request.headers, body });
      if (!this.hang) response.writeHead(this.status, { 'content-type': 'application/json' }).end(this.answer);
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const github = {
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '77',
};
const prodFile = writeImages(stackFileText('prod'), fixtureImages('staging', 'verified')).text;
const event = deployEvent({ kind: 'rolled-back', stack: 'prod', stackFileText: prodFile, release: '0.1.9' }, github);

let http: FakeHttp;
let smtp: SmtpCatcher;
beforeEach(async () => {
  http = await new FakeHttp().start();
  smtp = await new SmtpCatcher().start();
});
afterEach(async () => {
  await http.stop();
  await smtp.stop();
});

describe('Slack webhook transport', () => {
  it('posts the message as JSON', async () => {
    await postWebhook(`${http.url}/services/T0/B0/s3cr3t`, slackMessage(event));
    expect(http.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/services/T0/B0/s3cr3t',
        body: JSON.stringify(slackMessage(event)),
      }),
    ]);
    expect(http.received[0].headers['content-type']).toBe('application/json');
  });

  it("throws Slack's answer on a refusal, and never the URL when unreachable or hung", async () => {
    http.status = 404;
    http.answer = 'no_service';
    await expect(postWebhook(`${http.url}/s3cr3t`, slackMessage(event))).rejects.toThrow(
      'webhook refused with HTTP 404 no_service',
    );
    const closed = await new FakeHttp().start();
    const closedUrl = closed.url;
    await closed.stop();
    await expect(postWebhook(`${closedUrl}/s3cr3t`, slackMessage(event))).rejects.toThrow(
      /^webhook unreachable \(ECONNREFUSED\)$/,
    );
    http.hang = true;
    await expect(postWebhook(`${http.url}/s3cr3t`, slackMessage(event), 200)).rejects.toThrow(
      /^webhook unreachable \(TimeoutError\)$/,
    );
  });
});

describe('email transports', () => {
  const mail = {
    ...emailMessage(event),
    from: 'Deploys <deploys@mail.shop.example.com>',
    to: ['ops@shop.example.com'],
  };

  it('sends a plain-text mail over SMTP', async () => {
    await sendMail({ kind: 'smtp', url: smtp.url }, mail);
    const [caught] = smtp.to('ops@shop.example.com');
    expect(caught.message.subject).toBe('[prod] rolled back (release 0.1.9, commit 0123456)');
    expect(caught.message.from?.value).toEqual([{ name: 'Deploys', address: 'deploys@mail.shop.example.com' }]);
    expect(caught.message.text).toContain('https://github.com/acme/shop/actions/runs/77');
  });

  it('sends through SES v2 SendEmail with the credentials of the environment', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SESV2: http.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'made-up-secret',
    });
    http.answer = JSON.stringify({ MessageId: '0102-abc' });
    try {
      await sendMail({ kind: 'ses', region: 'eu-west-1' }, mail);
    } finally {
      process.env = saved;
    }
    expect(http.received).toHaveLength(1);
    const request = http.received[0];
    expect({ method: request.method, path: request.path }).toEqual({
      method: 'POST',
      path: '/v2/email/outbound-emails',
    });
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d+\/eu-west-1\/ses\//);
    const raw = Buffer.from(JSON.parse(request.body).Content.Raw.Data, 'base64').toString();
    expect(raw).toContain('Subject: [prod] rolled back (release 0.1.9, commit 0123456)');
    expect(raw).toContain('To: ops@shop.example.com');
  });
});

describe('notify command with the real transports', () => {
  it('reaches Slack and the mailbox, and prints neither the webhook nor the SMTP password', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const smtpWithPassword = smtp.url.replace('smtp://', 'smtp://deploys:hunter2-smtp@');
    try {
      const code = await main(['--event', 'started', '--stack', 'staging', '--stack-file', 'none.yaml'], {
        ...github,
        DEPLOY_WEBHOOK_URL: `${http.url}/services/s3cr3t`,
        DEPLOY_EMAIL_TO: 'releases@shop.example.com',
        DEPLOY_EMAIL_FROM: 'deploys@shop.example.com',
        DEPLOY_SMTP_URL: smtpWithPassword,
      });
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(http.received).toHaveLength(1);
    // The catcher offers no AUTH, so nodemailer sends without logging in: the password only has to stay unprinted.
    expect(smtp.to('releases@shop.example.com')).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/s3cr3t|hunter2/);
  });
});
