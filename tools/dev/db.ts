import { LOCAL_ENV_FILE, provision } from './provision';

/** `npm run db`: only the database (plus keys, env file and seed), for running one service by hand. */
async function main(): Promise<void> {
  const { database } = await provision();
  console.log(
    `[db] wrote ${LOCAL_ENV_FILE}; services started with \`PORT=3001 npx nest start product-service --watch\` read it.`,
  );
  console.log('[db] running; Ctrl-C to stop.');
  const stop = async () => {
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[db] ${(error as Error).message}`);
  process.exit(1);
});
