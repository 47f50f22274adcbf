export const DEPLOY_STATUSES = ['started', 'succeeded', 'failed', 'rolled-back', 'rollback-failed'] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

export interface DeployEvent {
  stage: string;
  status: DeployStatus;
  sha: string;
  runUrl: string;
  detail?: string;
}

const ICON: Record<DeployStatus, string> = {
  started: ':rocket:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  'rolled-back': ':leftwards_arrow_with_hook:',
  'rollback-failed': ':rotating_light:',
};

/**
 * The webhook body: a `text` line that Slack, Mattermost, Teams workflows and most chat webhooks display as is,
 * plus the same facts as fields for anything that parses JSON.
 */
export function notificationPayload(event: DeployEvent): Record<string, string> {
  const shortSha = event.sha.slice(0, 7);
  const detail = event.detail ? ` ${event.detail}` : '';
  return {
    text: `${ICON[event.status]} ${event.stage}: deploy of ${shortSha} ${event.status}.${detail} ${event.runUrl}`,
    stage: event.stage,
    status: event.status,
    sha: event.sha,
    runUrl: event.runUrl,
    ...(event.detail ? { detail: event.detail } : {}),
  };
}
