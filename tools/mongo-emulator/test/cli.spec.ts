import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { parseCliArgs } from '../src/cli/parse-cli-args';
import { runCli } from '../src/cli/run-cli';

describe('mongo-emulator command line', () => {
  it('parses --port, --host and --persist in both spellings', () => {
    expect(parseCliArgs([])).toEqual({ host: '127.0.0.1', port: 27018 });
    expect(parseCliArgs(['--port', '0', '--host=0.0.0.0', '--persist', '.data/db.json'])).toEqual({
      host: '0.0.0.0',
      port: 0,
      persistPath: '.data/db.json',
    });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow('--port must be 0-65535, got x');
    expect(() => parseCliArgs(['--port'])).toThrow('missing value for --port');
    expect(() => parseCliArgs(['--bogus', '1'])).toThrow('unknown option --bogus');
  });

  it('prints the URI with the emulator notice and stops on shutdown', async () => {
    const lines: string[] = [];
    let shutdown: () => void = () => undefined;
    const { emulator, stopped } = await runCli(['--port', '0'], {
      log: (line) => lines.push(line),
      onShutdown: (handler) => (shutdown = handler),
    });
    expect(lines[0]).toBe(
      `mongo-emulator listening on ${emulator.uri} (an offline MongoDB wire-protocol EMULATOR for development and tests, not MongoDB, data in memory only)`,
    );
    shutdown();
    await stopped;
    expect(lines[1]).toBe('mongo-emulator stopped');
  });

  it('runs as a process with tsx and exits cleanly on SIGTERM', async () => {
    const root = join(__dirname, '..', '..', '..');
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['tools/mongo-emulator/src/cli.ts', '--port', '0'], {
      cwd: root,
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      child.once('error', reject);
    });
    const uri = /listening on (\S+)/.exec(firstLine)?.[1] ?? '';
    expect(firstLine).toContain('not MongoDB');
    const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 2000 }).connect();
    expect(await client.db('admin').command({ ping: 1 })).toEqual({ ok: 1 });
    await client.close();
    const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
  });
});
