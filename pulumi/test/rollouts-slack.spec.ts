import { releaseValues, SECRET } from './helpers/workload-expectations';
import { isSecret, reveal } from './helpers/mocks';
import { type ProgramRun, runProgram, single } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

/** With `pulumi config set --secret releaseSlackToken`, the controller posts to Slack too. */
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', fixtureImages('prod'), (config) => {
    config['ecommerce:releaseSlackToken'] = 'xoxb-test-token';
  });
});

it('adds the Slack service, its token only in the notification Secret', () => {
  const values = releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', 'rollouts-controller'));
  expect(values.notifications.notifiers['service.slack']).toBe('token: $slack-token');
  expect(JSON.stringify(values)).not.toContain('xoxb-test-token');
  const secret = single(run, SECRET, 'rollouts-notifications');
  expect(isSecret(secret.inputs.stringData)).toBe(true);
  expect(reveal(secret.inputs.stringData)).toMatchObject({ 'slack-token': 'xoxb-test-token' });
});
