import { runSmokeChecks } from './smoke-checks';

/** `npm run smoke -- --base-url https://shop.example.com`: exits non-zero when any check fails. */
async function main(): Promise<void> {
  const index = process.argv.indexOf('--base-url');
  const baseUrl = index > 0 ? process.argv[index + 1] : process.env.SMOKE_BASE_URL;
  if (!baseUrl) throw new Error('usage: npm run smoke -- --base-url <url>');
  const results = await runSmokeChecks(baseUrl);
  for (const result of results) console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name}: ${result.detail}`);
  if (results.some((result) => !result.ok)) process.exit(1);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
