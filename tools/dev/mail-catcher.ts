import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../platform/free-port';

/** maildev's own command-line entry (its package exports no path to it). */
const MAILDEV_BIN = resolve(__dirname, '../../node_modules/maildev/dist/bin/maildev.js');

export interface MailCatcherOptions {
  /** Ports to use when free (maildev's usual 1025 and 1080); a free port otherwise. */
  smtpPort?: number;
  webPort?: number;
  /** Where the mails are kept, so they survive a restart; at most `maxEmails`, the oldest dropped first. */
  mailDirectory: string;
  maxEmails?: number;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface MailCatcher {
  /** What notification-service gets as SMTP_URL. */
  smtpUrl: string;
  /** The web page listing every mail caught (and its JSON API under /api/email). */
  webUrl: string;
  stop(): Promise<void>;
}

/** `preferred` when nothing listens on it on 127.0.0.1, else a port the OS has free (and not in `besides`). */
export async function portOrFree(preferred: number, besides: number[] = []): Promise<number> {
  const server = createServer();
  const free = await new Promise<boolean>((done) => {
    server.once('error', () => done(false));
    server.listen(preferred, '127.0.0.1', () => done(true));
  });
  if (!free) {
    let port = await freePort();
    while (besides.includes(port)) port = await freePort();
    return port;
  }
  await new Promise((done) => server.close(done));
  return preferred;
}

/**
 * The local SMTP catcher: maildev (pinned in package.json) as a child process of `npm run dev`, listening on
 * 127.0.0.1 only. A process of its own keeps its output and any crash apart from the dev runner's.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const smtpPort = await portOrFree(options.smtpPort ?? 1025);
  const webPort = await portOrFree(options.webPort ?? 1080, [smtpPort]);
  const args = ['--ip', '127.0.0.1', '--smtp', String(smtpPort), '--web-ip', '127.0.0.1', '--web', String(webPort)];
  args.push('--mail-directory', options.mailDirectory, '--max-emails', String(options.maxEmails ?? 500));
  const child = spawn(process.execPath, [MAILDEV_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // 'close' comes after the output streams ended, so a failure report has the last lines.
  const closed = once(child, 'close');
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      if (line.trim()) options.log?.(line);
    });
  }
  const catcher: MailCatcher = {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    stop: () => stopChild(child, closed),
  };
  try {
    await waitUntilServing(child, `${catcher.webUrl}/api/healthz`, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await catcher.stop();
    throw new Error(`mail catcher (maildev): ${(error as Error).message}\n${output.slice(-20).join('\n')}`);
  }
  return catcher;
}

/** maildev starts its SMTP server before its web server, so a healthy web API means both accept. */
async function waitUntilServing(child: ChildProcess, healthUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('exited while starting');
    const status = await fetch(healthUrl).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`not serving within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, closed: Promise<unknown>): Promise<void> {
  const running = child.exitCode === null && child.signalCode === null;
  if (running) child.kill('SIGTERM');
  const timer = running ? setTimeout(() => child.kill('SIGKILL'), 5_000) : undefined;
  await closed;
  clearTimeout(timer);
}
