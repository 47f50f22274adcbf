/**
 * Posts a deploy event to the chat webhook in DEPLOY_WEBHOOK_URL (a repository secret). The URL is a credential:
 * it is never printed, and a failed post only warns, so a chat outage never fails or blocks a deploy.
 * Usage: npx tsx tools/delivery/notify.ts --stage staging --status succeeded [--detail "..."]
 */
import { parseArgs } from 'node:util';
import { DEPLOY_STATUSES, type DeployStatus, notificationPayload } from './lib/notification';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { stage: { type: 'string' }, status: { type: 'string' }, detail: { type: 'string' } },
  });
  if (!values.stage || !DEPLOY_STATUSES.includes(values.status as DeployStatus)) {
    console.error(`usage: notify.ts --stage NAME --status ${DEPLOY_STATUSES.join('|')} [--detail TEXT]`);
    return 2;
  }
  const url = env.DEPLOY_WEBHOOK_URL?.trim();
  if (!url) {
    console.log('DEPLOY_WEBHOOK_URL is not set: no notification sent');
    return 0;
  }
  const payload = notificationPayload({
    stage: values.stage,
    status: values.status as DeployStatus,
    detail: values.detail,
    sha: env.GITHUB_SHA ?? 'unknown',
    runUrl: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`,
  });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) console.log(`::warning::deploy notification was refused with HTTP ${response.status}`);
    else console.log(`notified: ${payload.text}`);
  } catch {
    console.log('::warning::deploy notification could not be delivered (network error or timeout)');
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
