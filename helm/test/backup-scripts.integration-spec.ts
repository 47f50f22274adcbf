import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { helmFile } from './support';

/**
 * Runs the backup and restore scripts of the mongodb chart the way the pod does (two processes meeting at a
 * FIFO), with stand-ins for mongodump, mongorestore and the AWS CLI, to check what each failure leaves in the
 * bucket and that no failure leaves the other side hanging.
 */
const script = (name: string): string => helmFile('mongodb', 'files', name);
const stubBin = path.join(__dirname, 'fixtures', 'stub-bin');

// A checkout may not keep the executable bit; the stand-ins are found on PATH, so they need it.
beforeAll(() => readdirSync(stubBin).forEach((stub) => chmodSync(path.join(stubBin, stub), 0o755)));

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'mongodb-scripts-'));
  mkdirSync(path.join(work, 'stream'));
  execFileSync('mkfifo', [path.join(work, 'stream', 'archive.fifo')]);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function run(file: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [file], {
      env: {
        PATH: `${stubBin}:${process.env.PATH ?? ''}`,
        WORK: work,
        STREAM_DIR: path.join(work, 'stream'),
        FIFO_RELEASE_SECONDS: '2',
        MONGODB_URI: 'mongodb://backup@mongodb-0.mongodb-svc:27017/admin?replicaSet=mongodb',
        S3_BUCKET: 'backups',
        S3_PREFIX: 'mongodb',
        ...env,
      },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(file)} hung`));
    }, 15000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

const backup = (env: Record<string, string> = {}) =>
  Promise.all([
    run(script('backup-mongo.sh'), { READ_PREFERENCE: 'secondaryPreferred', ...env }),
    run(script('backup-s3.sh'), env),
  ]);

const restore = (backupKey: string, env: Record<string, string> = {}) =>
  Promise.all([
    run(script('restore-mongo.sh'), { RESTORE_MODE: 'databases', ...env }),
    run(script('restore-s3.sh'), { BACKUP_KEY: backupKey, ...env }),
  ]);

const backupsInBucket = (): string[] => {
  const prefix = path.join(work, 's3', 'backups', 'mongodb');
  return existsSync(prefix) ? readdirSync(prefix) : [];
};

describe('backup', () => {
  it('streams the dump to S3 and marks it complete', async () => {
    await expect(backup()).resolves.toEqual([0, 0]);
    const [stamp] = backupsInBucket();
    expect(stamp).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z$/);
    const folder = path.join(work, 's3', 'backups', 'mongodb', stamp);
    expect(readFileSync(path.join(folder, 'mongodump.archive.gz'), 'utf8')).toBe('archive-bytes');
    expect(existsSync(path.join(folder, 'COMPLETE'))).toBe(true);
    expect(readFileSync(path.join(work, 'mongodump.args'), 'utf8')).toContain('--oplog --gzip');
  });

  it.each(['fail-early', 'fail-midway'])(
    'removes what it uploaded when mongodump fails (%s), without hanging',
    async (mode) => {
      await expect(backup({ FAKE_MONGODUMP: mode })).resolves.toEqual([1, 1]);
      expect(backupsInBucket()).toEqual([]);
    },
  );

  it('fails and leaves no backup when the upload is refused', async () => {
    const [, upload] = await backup({ FAKE_UPLOAD: 'fail' });
    expect(upload).toBe(1);
    expect(backupsInBucket()).toEqual([]);
  });
});

describe('restore', () => {
  const key = 'mongodb/2025-01-31T021500Z';
  const folder = () => path.join(work, 's3', 'backups', key);

  it('streams a complete backup into mongorestore, limited to the ecommerce databases', async () => {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(path.join(folder(), 'mongodump.archive.gz'), 'archive-bytes');
    writeFileSync(path.join(folder(), 'COMPLETE'), '2025-01-31T02:16:00Z');
    await expect(restore(key)).resolves.toEqual([0, 0]);
    expect(readFileSync(path.join(work, 'restored'), 'utf8')).toBe('archive-bytes');
    const args = readFileSync(path.join(work, 'mongorestore.args'), 'utf8');
    expect(args).toContain('--drop --nsInclude=ecommerce_*.*');
    expect(args).not.toContain('--oplogReplay');
  });

  it('replays the oplog in full mode', async () => {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(path.join(folder(), 'mongodump.archive.gz'), 'archive-bytes');
    writeFileSync(path.join(folder(), 'COMPLETE'), '2025-01-31T02:16:00Z');
    await expect(restore(key, { RESTORE_MODE: 'full' })).resolves.toEqual([0, 0]);
    expect(readFileSync(path.join(work, 'mongorestore.args'), 'utf8')).toContain('--drop --oplogReplay');
  });

  it('refuses a backup without its COMPLETE marker', async () => {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(path.join(folder(), 'mongodump.archive.gz'), 'partial');
    const [mongo, download] = await restore(key);
    expect(download).toBe(1);
    expect(mongo).toBe(1);
  });

  it('fails without leaving the download hanging when mongorestore cannot log in', async () => {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(path.join(folder(), 'mongodump.archive.gz'), 'archive-bytes');
    writeFileSync(path.join(folder(), 'COMPLETE'), '2025-01-31T02:16:00Z');
    // The download may finish or break its pipe; either way it ends, and the failed mongorestore container
    // fails the Job.
    const [mongo] = await restore(key, { FAKE_MONGORESTORE: 'fail-early' });
    expect(mongo).toBe(1);
    expect(existsSync(path.join(work, 'restored'))).toBe(false);
  });

  it('rejects an unknown mode without hanging the download', async () => {
    await expect(restore(key, { RESTORE_MODE: 'everything' })).resolves.toEqual([2, 1]);
  });
});
