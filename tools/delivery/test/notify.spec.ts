import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notificationPayload } from '../lib/notification';
import { main } from '../notify';

describe('notificationPayload', () => {
  it('reads as one chat line with the stage, short commit, outcome and run link', () => {
    const payload = notificationPayload({
      stage: 'production',
      status: 'rolled-back',
      sha: '0123456789abcdef0123456789abcdef01234567',
      runUrl: 'https://github.com/acme/shop/actions/runs/42',
      detail: 'Smoke test failed; previous images restored.',
    });
    expect(payload.text).toBe(
      ':leftwards_arrow_with_hook: production: deploy of 0123456 rolled-back. Smoke test failed; previous images restored. ' +
        'https://github.com/acme/shop/actions/runs/42',
    );
    expect(payload).toMatchObject({
      stage: 'production',
      status: 'rolled-back',
      sha: expect.stringMatching(/^0123456789/),
    });
  });
});

describe('notify command', () => {
  let server: Server;
  let received: { path: string; body: unknown }[];
  let status: number;
  let url: string;

  beforeEach(async () => {
    received = [];
    status = 200;
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(body) });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/s3cr3t-token`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const env = () => ({
    DEPLOY_WEBHOOK_URL: url,
    GITHUB_SHA: 'abcdef0123456789',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '7',
  });

  async function run(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    try {
      const code = await main(args, environment);
      return { code, output: lines.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('posts the event to the webhook and never prints the webhook address', async () => {
    const { code, output } = await run(['--stage', 'staging', '--status', 'succeeded'], env());
    expect(code).toBe(0);
    expect(received).toEqual([
      {
        path: '/hooks/s3cr3t-token',
        body: expect.objectContaining({
          stage: 'staging',
          status: 'succeeded',
          runUrl: 'https://github.com/acme/shop/actions/runs/7',
        }),
      },
    ]);
    expect(output).not.toContain('s3cr3t-token');
  });

  it('only warns when the webhook refuses, so a chat outage never fails a deploy', async () => {
    status = 500;
    const { code, output } = await run(['--stage', 'prod', '--status', 'failed'], env());
    expect(code).toBe(0);
    expect(output).toContain('::warning::deploy notification was refused with HTTP 500');
    expect(output).not.toContain('s3cr3t-token');
  });

  it('only warns when the webhook cannot be reached', async () => {
    const unreachable = { ...env(), DEPLOY_WEBHOOK_URL: 'http://127.0.0.1:1/hooks/s3cr3t-token' };
    const { code, output } = await run(['--stage', 'prod', '--status', 'failed'], unreachable);
    expect(code).toBe(0);
    expect(output).toContain('could not be delivered');
    expect(output).not.toContain('s3cr3t-token');
  });

  it('sends nothing and succeeds when no webhook is configured', async () => {
    const { code, output } = await run(['--stage', 'staging', '--status', 'started'], {
      ...env(),
      DEPLOY_WEBHOOK_URL: '',
    });
    expect(code).toBe(0);
    expect(output).toContain('no notification sent');
    expect(received).toEqual([]);
  });

  it('still posts outside GitHub Actions, with the commit marked unknown', async () => {
    const { code } = await run(['--stage', 'staging', '--status', 'succeeded', '--detail', 'by hand'], {
      DEPLOY_WEBHOOK_URL: ` ${url} `,
    });
    expect(code).toBe(0);
    expect(received).toEqual([
      {
        path: '/hooks/s3cr3t-token',
        body: expect.objectContaining({ stage: 'staging', sha: 'unknown' }),
      },
    ]);
    expect((received[0].body as { text: string }).text).toContain('by hand');
  });

  it('reads the webhook from the process environment by default', async () => {
    const saved = process.env.DEPLOY_WEBHOOK_URL;
    process.env.DEPLOY_WEBHOOK_URL = '';
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await expect(main(['--stage', 'staging', '--status', 'started'])).resolves.toBe(0);
      expect(lines).toEqual(['DEPLOY_WEBHOOK_URL is not set: no notification sent']);
    } finally {
      log.mockRestore();
      if (saved === undefined) delete process.env.DEPLOY_WEBHOOK_URL;
      else process.env.DEPLOY_WEBHOOK_URL = saved;
    }
  });

  it('rejects a missing stage with usage', async () => {
    const { code, output } = await run(['--status', 'started'], env());
    expect(code).toBe(2);
    expect(output).toContain('usage: notify.ts --stage NAME');
    expect(received).toEqual([]);
  });

  it('rejects an unknown status with usage', async () => {
    const { code, output } = await run(['--stage', 'staging', '--status', 'maybe'], env());
    expect(code).toBe(2);
    expect(output).toContain('usage');
  });
});
