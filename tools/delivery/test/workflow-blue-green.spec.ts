import { readRepoFile } from './support/repo';
import { parseWorkflow, type WorkflowStep } from './support/workflow-model';

/**
 * Every job that applies a stack follows its blue-green releases (ADR 0019): kubectl on the stack's cluster before
 * `pulumi up`, then promote-rollouts.sh (prod: promotes after the approval; staging: waits for the automatic
 * promotion) before the smoke test, so the smoke test always checks the version that now serves, and a failed
 * analysis triggers the rollback like a failed `pulumi up`.
 */
const deployJobs: Array<[file: string, job: string]> = [
  ['cd.yml', 'staging'],
  ['cd.yml', 'production'],
  ['rollback.yml', 'rollback'],
];

const stepsOf = (file: string, job: string): WorkflowStep[] =>
  parseWorkflow(readRepoFile('.github', 'workflows', file)).jobs[job].steps ?? [];
const indexOf = (steps: WorkflowStep[], test: (run: string, step: WorkflowStep) => boolean): number =>
  steps.findIndex((step) => test(step.run ?? '', step));

describe.each(deployJobs)('%s job %s and the blue-green releases', (file, job) => {
  const steps = stepsOf(file, job);
  const cluster = indexOf(steps, (run) => run.includes('tools/delivery/use-cluster.sh "$PULUMI_STACK"'));
  const up = indexOf(steps, (_, step) => step.id === 'up');
  const promote = indexOf(steps, (_, step) => step.id === 'promote');
  const smoke = indexOf(steps, (_, step) => step.id === 'smoke');

  it('gets kubectl on its cluster before pulumi up, and follows the releases between pulumi up and the smoke test', () => {
    expect(cluster).toBeGreaterThanOrEqual(0);
    expect(cluster).toBeLessThan(up);
    expect(up).toBeLessThan(promote);
    expect(promote).toBeLessThan(smoke);
    expect(steps[promote].run).toMatch(/^bash tools\/delivery\/promote-rollouts\.sh ecommerce \d+ /);
    // Never skipped on failure of an earlier step by an `if`: a failure before it stops the job as it should.
    expect(steps[promote].if).toBeUndefined();
  });

  it('treats a failed analysis like a failed pulumi up or smoke test', () => {
    const reacting = steps.filter((step) => (step.if ?? '').includes("steps.up.outcome == 'failure'"));
    expect(reacting.length).toBeGreaterThan(0);
    for (const step of reacting) expect(step.if).toContain("steps.promote.outcome == 'failure'");
  });
});
