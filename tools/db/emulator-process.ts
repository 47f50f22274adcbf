import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface EmulatorProcess {
  uri: string;
  stop(): Promise<void>;
}

const CLI = join(__dirname, '..', 'mongo-emulator', 'src', 'cli.ts');
const START_TIMEOUT_MS = 30_000;

/**
 * Runs the emulator as a process of its own (its CLI through tsx), so it has a thread of its own: started
 * inside a test runner or a benchmark driver it would otherwise share that process's event loop with the
 * tests, the in-process services or the load generator, and each would slow the other down.
 */
export async function startEmulatorProcess(
  options: { port?: number; persistPath?: string } = {},
): Promise<EmulatorProcess> {
  const args = ['--import', 'tsx', CLI, '--port', String(options.port ?? 0)];
  if (options.persistPath) args.push('--persist', options.persistPath);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await listeningUri(child);
  // Its later lines (e.g. "stopped") are not ours to print; keep the pipes drained so it never blocks on them.
  child.stdout!.resume();
  child.stderr!.resume();
  return { uri, stop: () => stopProcess(child) };
}

function listeningUri(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`mongo-emulator process did not start: ${reason}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`no URI within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', read);
      child.stderr!.off('data', read);
      child.off('exit', exited);
      resolve(match[1]);
    };
    const exited = (code: number | null) => fail(`exited with ${code}`);
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', exited);
  });
}

/** SIGTERM lets the CLI stop cleanly (and write its snapshot when persisting); SIGKILL if it hangs. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
