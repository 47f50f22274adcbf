// Run by resolve-database.integration-spec.ts under tsx, the way `npm run dev`, `npm run db` and the benchmarks
// load the resolution: it prints the kind of database found, then stops it.
import { resolveDatabase } from './resolve-database';

async function main(): Promise<void> {
  const database = await resolveDatabase({ log: () => undefined });
  process.stdout.write(`${database.kind}\n`);
  await database.stop();
}

void main();
