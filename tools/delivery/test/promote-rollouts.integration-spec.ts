import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeCommands, runDeliveryScript } from './support/shell';

/**
 * promote-rollouts.sh (the prod deploy job's promotion of the blue-green releases) against a stand-in kubectl
 * that replays, per Rollout, the states the controller moves it through: it waits for the new spec to be seen
 * and for the analysis, promotes only the controller's BlueGreenPause (with the status patch `kubectl argo
 * rollouts promote` sends), fails on an abort (the old version keeps serving) or a timeout, and does nothing
 * without Rollouts.
 */
const work = mkdtempSync(join(tmpdir(), 'promote-rollouts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const calls = join(work, 'calls.log');

/** Each Rollout's successive `get` answers (generation|observed|phase|pause reasons|message); the last repeats. */
function run(states: Record<string, string[]>, timeout = '30', runUrl?: string) {
  const dir = mkdtempSync(join(work, 'state-'));
  for (const [name, answers] of Object.entries(states)) writeFileSync(join(dir, name), answers.join('\n') + '\n');
  const bin = fakeCommands({
    kubectl: `echo "$*" >> "${calls}"
case "$3" in
  get)
    if [ "$4" = rollouts.argoproj.io ]; then
      for f in "${dir}"/*; do [ -e "$f" ] && echo "rollout.argoproj.io/$(basename "$f")"; done
    else
      name="\${4#*/}"; file="${dir}/$name"
      head -n 1 "$file"
      [ "$(wc -l < "$file")" -gt 1 ] && sed -i 1d "$file"
    fi ;;
esac
exit 0`,
  });
  writeFileSync(calls, '');
  const result = runDeliveryScript('promote-rollouts.sh', ['ecommerce', timeout, ...(runUrl ? [runUrl] : [])], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, POLL_SECONDS: '0' },
  });
  return { ...result, calls: readFileSync(calls, 'utf8').trim().split('\n') };
}

const PROMOTE =
  '--namespace ecommerce patch rollout.argoproj.io/cart-service --subresource=status --type=merge -p {"status":{"pauseConditions":null}}';

it('waits for the new spec and the analysis, promotes once, and waits until the new version serves', () => {
  const result = run(
    {
      'cart-service': [
        '7|6|Healthy||', // the controller has not seen pulumi up's change yet
        '7|7|Progressing||', // preview coming up, analysis running
        '7|7|Paused|BlueGreenPause|BlueGreenPause',
        '7|7|Progressing||', // switching
        '7|7|Healthy||',
      ],
      'user-service': ['3|3|Healthy||'], // unchanged by this deploy
    },
    '30',
    'https://github.com/shop-example/ecommerce/actions/runs/42',
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('cart-service: analysis passed, promoted');
  expect(result.stdout).toContain('cart-service: promoted, serving its current version');
  expect(result.stdout).toContain('user-service: serving its current version');
  expect(result.calls.filter((call) => call.includes(' patch '))).toEqual([PROMOTE]);
  expect(result.calls).toContain(
    '--namespace ecommerce annotate --overwrite rollout.argoproj.io/cart-service rollout.argoproj.io/user-service ecommerce/run-url=https://github.com/shop-example/ecommerce/actions/runs/42',
  );
});

it('fails when a release aborts (its analysis failed), naming it, and promotes nothing', () => {
  const result = run({
    'cart-service': ['2|2|Progressing||', '2|2|Degraded||RolloutAborted: Rollout aborted update to revision 2'],
    'order-service': ['5|5|Healthy||'],
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(
    '::error::cart-service aborted, the previous version keeps serving: RolloutAborted: Rollout aborted update to revision 2',
  );
  expect(result.calls.filter((call) => call.includes(' patch '))).toEqual([]);
});

it('never promotes a rollout a person paused, and gives up after the timeout', () => {
  const result = run({ 'cart-service': ['4|4|Paused|PausedByUser|manually paused'] }, '0');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('cart-service: paused by hand (PausedByUser), not promoted');
  expect(result.stderr).toContain('::error::cart-service did not finish within 0s');
  expect(result.calls.filter((call) => call.includes(' patch '))).toEqual([]);
});

it('does nothing when the charts run Deployments (rollout.enabled off)', () => {
  const result = run({});
  expect(result).toMatchObject({
    status: 0,
    stdout: 'no Rollouts in ecommerce: nothing to promote (rollout.enabled is off)\n',
  });
});
