import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { ensureTool } from '../../tools/toolchain/ensure-tool';
import { freePort } from '../../tools/platform/free-port';

export interface RunningStripeMock {
  url: string;
  stop(): Promise<void>;
}

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() !== undefined));
    socket.once('error', () => resolve(false));
  });

/** Starts Stripe's own API double (pinned, built into .tools/ on first use) on a free local port. */
export async function startStripeMock(): Promise<RunningStripeMock> {
  const binary = await ensureTool('stripe-mock');
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-http-port', String(port), '-https-port', String(await freePort())], {
    stdio: 'ignore',
  });
  for (let waited = 0; !(await answers(port)); waited += 50) {
    if (child.exitCode !== null || waited > 10_000) throw new Error(`stripe-mock did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A local URL where nothing listens: an unreachable Stripe. */
export const unreachableUrl = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`;
