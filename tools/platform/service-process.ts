import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

const running = new Set<ChildProcess>();
// Whatever happens to the test run, no service process outlives it.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export const mainOf = (service: string): string => `dist/apps/${service}/apps/${service}/src/main.js`;

/** One service as a real OS process, started from the built output exactly as in a container. */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get exitCode(): number | null | undefined {
    return this.child?.exitCode;
  }

  /** Starts the process; again after stop() too, with the same port and env (output keeps accumulating). */
  async start(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, [mainOf(this.name)], {
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    for (const stream of [child.stdout!, child.stderr!])
      stream.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child = child;
    await this.waitUntilReady(60_000);
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A process killed by a signal (OOM killer, SIGKILL) has no exit code, only its signal.
      if (this.child?.exitCode !== null || this.child.signalCode !== null) {
        const how = this.child?.signalCode ? ` on ${this.child.signalCode}` : '';
        throw new Error(`${this.name} exited${how}:\n${this.output.join('').slice(-2000)}`);
      }
      const status = await fetch(`${this.url}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${this.output.join('').slice(-2000)}`);
  }

  /** Sends a signal and waits for the process to end; returns its exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    return child.exitCode;
  }

  /** Ends the process with `signal` (SIGKILL: a crash, nothing finishes) and starts it again, as a restart would. */
  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }
}
