import { spawn } from 'node:child_process';
import { startFerretDb } from './ferretdb';

/**
 * `npm run test:ferretdb [-- <jest args>]`: the database-backed suite against FerretDB on the local PostgreSQL,
 * to catch behaviour the emulator gets wrong. The known differences are listed in docs/local-development.md;
 * this run is a check, not part of `npm test`.
 */
async function main(): Promise<number> {
  const ferret = await startFerretDb((line) => console.log(line));
  console.log(`FerretDB on ${ferret.uri}`);
  try {
    const jest = spawn(
      'npx',
      ['jest', '--selectProjects', 'e2e', '--selectProjects', 'system', '--coverage=false', ...process.argv.slice(2)],
      {
        stdio: 'inherit',
        env: { ...process.env, MONGODB_URI: ferret.uri },
      },
    );
    return await new Promise<number>((resolve) => jest.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    await ferret.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
