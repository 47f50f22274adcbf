import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database';
import { type DevSecrets, ensureDevSecrets } from './dev-keys';
import { sharedDevEnv, writeEnvFile } from './local-env';
import { seed } from './seed';

export const DEV_DIR = resolve('.dev');
export const DATA_DIR = resolve('.data');
export const LOCAL_ENV_FILE = resolve(DEV_DIR, 'local.env');

export interface Provisioned {
  database: ResolvedDatabase;
  secrets: DevSecrets;
  sharedEnv: Record<string, string>;
}

/**
 * Everything a local run needs before the services start: a database (kept in .data/ between runs where the
 * provider can persist), development keys, .dev/local.env, and the seed data with the admin credentials.
 */
export async function provision(env: NodeJS.ProcessEnv = process.env): Promise<Provisioned> {
  mkdirSync(DATA_DIR, { recursive: true });
  const port = Number(env.DEV_MONGO_PORT ?? 27027);
  const database = await resolveDatabase({ env, port, dataDir: DATA_DIR, log: (line) => console.log(`[db] ${line}`) });
  const secrets = ensureDevSecrets(DEV_DIR);
  const sharedEnv = sharedDevEnv(database.uri, secrets);
  writeEnvFile(LOCAL_ENV_FILE, sharedEnv);
  const seeded = await seed(database.uri, env);
  console.log(`[seed] catalog: ${seeded.productsInserted} new products (idempotent)`);
  if (seeded.adminPassword) console.log(`[seed] admin account: ${seeded.adminEmail} / ${seeded.adminPassword}`);
  else
    console.log(
      `[seed] admin account: ${seeded.adminEmail} (exists; password unchanged, set ADMIN_PASSWORD to reset it)`,
    );
  return { database, secrets, sharedEnv };
}
