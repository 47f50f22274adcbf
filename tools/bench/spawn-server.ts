import { type ChildProcess, fork } from 'node:child_process';

export interface SpawnedServer {
  url: string;
  /** The server process, e.g. to read its CPU time from /proc (tools/bench/stack-cost.ts). */
  pid: number;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Runs a server in its own process (so it gets its own core and event loop) and waits until it answers. */
export async function spawnServer(
  script: string,
  port: number,
  path: string,
  env: Record<string, string> = {},
  typescript = true,
): Promise<SpawnedServer> {
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, ...env, PORT: String(port) },
    execArgv: typescript ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}${path}`;
  await waitForHttp(url, 60_000);
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
