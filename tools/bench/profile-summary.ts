import { readFileSync } from 'node:fs';

/**
 * `npx tsx tools/bench/profile-summary.ts <file.cpuprofile> [--top N]`: where a server's CPU went, from a V8
 * CPU profile (written by tools/bench/stack-cost.ts --profile, or `node --cpu-prof`). Prints, as shares of
 * the busy (non-idle) samples: self time by area (our libraries, each package, Node internals, GC), the
 * hottest frames by self time, and the frames with the most inclusive time (each sample counted once per frame).
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Our code (built or not), then the package a file belongs to, then Node itself. */
export function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const lib = /\/libs\/([a-z-]+)\//.exec(url);
  if (lib && !url.includes('node_modules')) return `@app/${lib[1]}`;
  const app = /\/apps\/([a-z-]+)\/src\//.exec(url);
  if (app && !url.includes('node_modules')) return `app ${app[1]}`;
  const parts = url.split('node_modules/');
  if (parts.length > 1) {
    const segments = parts[parts.length - 1].split('/');
    return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

const frameKey = (frame: CallFrame): string => {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|libs|apps)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
};

function table(title: string, rows: [string, number][], total: number, top: number): void {
  console.log(`\n${title}`);
  for (const [name, micros] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(6)} %  ${name}`);
  }
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--top N]');
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!;
    const micros = profile.timeDeltas[index] ?? 0;
    if (node.callFrame.functionName === '(idle)') return;
    busy += micros;
    const key = frameKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + micros);
    const nodeArea = areaOf(node.callFrame);
    area.set(nodeArea, (area.get(nodeArea) ?? 0) + micros);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)!.callFrame;
      if (frame.functionName === '(root)') break;
      const name = frameKey(frame);
      if (!seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
      }
    }
  });
  console.log(`${file}: ${(busy / 1e6).toFixed(2)} s busy`);
  table('self time by area', [...area], busy, top);
  table('self time by frame', [...self], busy, top);
  table('inclusive time by frame', [...inclusive], busy, top * 2);
}

main();
