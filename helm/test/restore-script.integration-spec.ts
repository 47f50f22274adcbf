import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DATABASE_NAMESPACE } from '../../pulumi/config/namespaces';
import type { Json } from '../../pulumi/test/helpers/mocks';
import { renderChart } from '../../tools/helm-checks/helm';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import { helmFile } from './support';

/**
 * `restore.sh --list` as an operator runs it after a `pulumi up`: no --namespace (the stacks install
 * MongoDB in `database`), against the backup CronJob the chart really renders. kubectl is a stand-in that
 * answers from that render; helm and aws are stand-ins too.
 */
const workspace = chartWorkspace();
const bin = mkdtempSync(path.join(tmpdir(), 'restore-bin-'));
afterAll(() => {
  workspace.remove();
  rmSync(bin, { recursive: true, force: true });
});

beforeAll(async () => {
  const chartDir = path.join(workspace.dir, 'mongodb');
  const objects = await renderChart({
    release: 'mongodb',
    chartDir,
    namespace: DATABASE_NAMESPACE,
    valueFiles: [
      path.join(chartDir, 'values-prod.yaml'),
      path.join(workspace.dir, 'ci', 'mongodb-stack-overrides.yaml'),
    ],
  });
  writeFileSync(path.join(bin, 'rendered.json'), JSON.stringify(objects));
  const stubs: Record<string, string> = {
    kubectl: `exec node ${path.join(__dirname, 'fixtures', 'kubectl-from-render.js')} "$@"`,
    helm: 'echo "{}"',
    aws: `echo "$*" >> "${path.join(bin, 'aws.log')}"
echo "2025-01-30 02:20:00   1024 mongodb/2025-01-30T021500Z/archive.gz"
echo "2025-01-30 02:20:01      0 mongodb/2025-01-30T021500Z/COMPLETE"
echo "2025-01-31 02:20:00   1024 mongodb/2025-01-31T021500Z/archive.gz"`,
  };
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
}, 60000);

const restore = (...args: string[]) =>
  spawnSync('bash', [helmFile('mongodb', 'scripts', 'restore.sh'), ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      RENDERED_OBJECTS: path.join(bin, 'rendered.json'),
      RENDERED_NAMESPACE: DATABASE_NAMESPACE,
    },
  });

it('lists the complete backups of the bucket the CronJob writes to, from the database namespace by default', () => {
  const result = restore('--list');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Complete backups in s3://placeholder-ecommerce-backups/mongodb/');
  expect(result.stdout).toMatch(/^ {2}mongodb\/2025-01-30T021500Z$/m);
  expect(result.stdout).not.toContain('2025-01-31T021500Z');
});

it('says which namespace it looked in when there is no release there', () => {
  const result = restore('--namespace', 'ecommerce', '--list');
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('no backup CronJob found for release mongodb in ecommerce');
});

it('lists the replica in the second region with --from-bucket and --from-region (its region for the AWS CLI)', () => {
  const result = restore('--from-bucket', 'prod-backups-replica', '--from-region', 'eu-central-1', '--list');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Complete backups in s3://prod-backups-replica/mongodb/');
  expect(readFileSync(path.join(bin, 'aws.log'), 'utf8')).toContain(
    's3 ls s3://prod-backups-replica/mongodb/ --recursive --region eu-central-1',
  );
});

it('refuses --from-region without the bucket in that region', () => {
  const result = restore('--from-region', 'eu-central-1', '--list');
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--from-region needs --from-bucket');
});

it('renders the restore Job against the replica in its region, as restore.sh --from-bucket/--from-region sets it', async () => {
  const chartDir = path.join(workspace.dir, 'mongodb');
  const objects = await renderChart({
    release: 'mongodb',
    chartDir,
    namespace: DATABASE_NAMESPACE,
    valueFiles: [
      path.join(chartDir, 'values-prod.yaml'),
      path.join(workspace.dir, 'ci', 'mongodb-stack-overrides.yaml'),
    ],
    values: {
      restore: { enabled: true, backupKey: 'mongodb/2025-01-30T021500Z', mode: 'databases' },
      backup: { s3: { bucket: 'prod-backups-replica', region: 'eu-central-1' } },
    },
  });
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === 'mongodb-restore') as Json;
  const env = Object.fromEntries(
    [...(job.spec.template.spec.initContainers ?? []), ...job.spec.template.spec.containers]
      .flatMap((c: Json) => c.env ?? [])
      .map((e: Json) => [e.name, e.value]),
  );
  expect(env).toMatchObject({
    S3_BUCKET: 'prod-backups-replica',
    AWS_REGION: 'eu-central-1',
    AWS_DEFAULT_REGION: 'eu-central-1',
  });
}, 60000);
