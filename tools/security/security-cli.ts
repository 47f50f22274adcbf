import { resolveDatabase } from '../db/resolve-database';
import { type Platform } from '../platform/platform';
import { formatResult, runAttacks } from './attacks';
import { startSecurityPlatform } from './security-platform';

/** `npm run security`: the attacks of docs/security.md against the running system, one line each. */
async function main(): Promise<number> {
  const database = await resolveDatabase({ log: (line) => console.log(line) });
  let platform: Platform | undefined;
  try {
    const started = await startSecurityPlatform(database.uri);
    platform = started.platform;
    const results = await runAttacks(started.target);
    for (const result of results) console.log(formatResult(result));
    const failed = results.filter((result) => !result.passed).length;
    console.log(
      failed === 0 ? `all ${results.length} attacks failed: the controls hold` : `${failed} attack(s) succeeded`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    // Also when the platform does not start: a database server left running would keep this process alive.
    await platform?.stop();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
