import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('database resolution as the dev commands load it (tsx, ES modules)', () => {
  it('finds a database and stops it again, with every import resolvable outside Jest', async () => {
    const { MONGODB_URI: _ignored, ...environment } = process.env;
    const { stdout } = await run('npx', ['tsx', 'tools/db/resolve-database-fixture.ts'], {
      env: environment,
      timeout: 60_000,
    });
    expect(['mongodb-memory-server', 'emulator']).toContain(stdout.trim());
  }, 70_000);
});
