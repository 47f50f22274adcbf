import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';

/**
 * `npm run bench:dev-wait`: how long a developer waits. Per run (DEV_WAIT_RUNS, default 3) it starts
 * `npm run dev` as a developer would and measures
 * - ready: from the command to the `[dev] ready:` list (every service answering /health/ready);
 * - types: from the command to the type checker's first `Found N errors` line (it runs on after ready);
 * - live: for each of three edits of a product-service controller, from the write to the moment product-service
 *   answers /health/ready from a new process (a new `process_start_time_seconds` on its /metrics): a constant
 *   appended, then a line with a type error (SWC compiles it; the time until the `[types]` line naming the
 *   error is `type error shown`), then the original text back (`type error gone`: the error count back).
 * The type checker's lines are recognised by what tsc prints, whoever runs it (one `[types]` watcher, or each
 * service's own tsc watch before SWC), so the script measures older trees too. The controller is restored
 * whatever happens. Run it in a checkout nobody else is editing: the type error is
 * visible to any type check in the tree for a few seconds. Ports are npm run dev's (3001-3005, 8080).
 * DEV_WAIT_LOG=<file> writes each run's output with every line's ms since the command to <file>.<run>.
 */
const runs = Number(process.env.DEV_WAIT_RUNS ?? 3);
const PROBED_FILE = 'apps/product-service/src/products/products.controller.ts';
const PRODUCT_URL = 'http://127.0.0.1:3001';
const TIMEOUT_MS = 180_000;

interface Run {
  readyMs: number;
  typesFirstMs: number;
  liveMs: number[];
  typeErrorShownMs: number;
  typeErrorGoneMs: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const original = readFileSync(PROBED_FILE, 'utf8');
const restore = () => writeFileSync(PROBED_FILE, original);

/** The dev runner's output, line by line, with a way to wait for a line matching a pattern. */
class Output {
  private readonly lines: { at: number; text: string }[] = [];
  private readonly waiters: {
    pattern: RegExp;
    from: number;
    resolve: (line: { at: number; text: string }) => void;
  }[] = [];

  add(text: string): void {
    const line = { at: performance.now(), text };
    this.lines.push(line);
    for (const waiter of [...this.waiters])
      if (waiter.pattern.test(text)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
  }

  /** The first line matching `pattern` printed at or after `from` (performance.now()), and when. */
  next(pattern: RegExp, from: number, what: string): Promise<{ at: number; text: string }> {
    const seen = this.lines.find((line) => line.at >= from && pattern.test(line.text));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.waiters.push({ pattern, from, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }

  /** Every line with its time from `from` in ms, for DEV_WAIT_LOG. */
  timed(from: number): string {
    return this.lines.map((line) => `${String(Math.round(line.at - from)).padStart(7)} ${line.text}`).join('\n');
  }

  tail(): string {
    return this.lines
      .slice(-40)
      .map((line) => line.text)
      .join('\n');
  }
}

async function productStart(): Promise<number | undefined> {
  try {
    const ready = await fetch(`${PRODUCT_URL}/health/ready`);
    if (ready.status !== 200) return undefined;
    const metrics = await (await fetch(`${PRODUCT_URL}/metrics`)).text();
    return Number(/^process_start_time_seconds (\S+)/m.exec(metrics)?.[1]);
  } catch {
    return undefined;
  }
}

/** Writes `text` to the probed file; resolves with the ms until product-service is ready in a new process. */
async function edit(text: string): Promise<number> {
  const before = await productStart();
  if (before === undefined) throw new Error('product-service is not ready before the edit');
  const written = performance.now();
  writeFileSync(PROBED_FILE, text);
  while (performance.now() - written < TIMEOUT_MS) {
    const now = await productStart();
    if (now !== undefined && now > before) return Math.round(performance.now() - written);
    await sleep(25);
  }
  throw new Error(`product-service did not restart within ${TIMEOUT_MS} ms of the edit`);
}

async function stopDev(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT'); // as Ctrl-C in the terminal: the whole foreground group
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
  await sleep(1_000); // the services' ports are free again
}

async function measureRun(index: number): Promise<Run> {
  const output = new Output();
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'dev'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => output.add(line));
  try {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`npm run dev exited (${code}):\n${output.tail()}`))),
    );
    const race = <T>(promise: Promise<T>) => Promise.race([promise, exited]);
    const ready = await race(output.next(/^\[dev\] ready:/, started, 'ready'));
    await sleep(200); // the ready list
    if (/NOT READY/.test(output.tail())) throw new Error(`a service did not start:\n${output.tail()}`);
    const typesFirst = await race(output.next(/Found \d+ errors?/, started, 'first type check'));
    const baseline = Number(/Found (\d+) error/.exec(typesFirst.text)![1]);
    const liveMs: number[] = [];
    liveMs.push(await race(edit(`${original}export const devWaitEdit = '${Date.now()}';\n`)));
    const errorWritten = performance.now();
    liveMs.push(await race(edit(`${original}export const devWaitProbe: number = 'not a number';\n`)));
    const shown = await race(output.next(/products\.controller\.ts.*TS2322/, errorWritten, 'error'));
    const restored = performance.now();
    liveMs.push(await race(edit(original)));
    const clean = new RegExp(`Found ${baseline} errors?`);
    const gone = await race(output.next(clean, restored, 'error gone'));
    const run: Run = {
      readyMs: Math.round(ready.at - started),
      typesFirstMs: Math.round(typesFirst.at - started),
      liveMs,
      typeErrorShownMs: Math.round(shown.at - errorWritten),
      typeErrorGoneMs: Math.round(gone.at - restored),
    };
    console.log(
      `  run ${index}: ready ${run.readyMs} ms, first type check done ${run.typesFirstMs} ms (${baseline} errors), ` +
        `live after an edit ${liveMs.join(' / ')} ms, type error shown ${run.typeErrorShownMs} ms, gone ` +
        `${run.typeErrorGoneMs} ms`,
    );
    return run;
  } finally {
    restore();
    await stopDev(child);
    // Each line of the run with its ms since the command: where the wait went.
    if (process.env.DEV_WAIT_LOG) writeFileSync(`${process.env.DEV_WAIT_LOG}.${index}`, output.timed(started));
  }
}

async function main(): Promise<void> {
  process.once('SIGINT', () => (restore(), process.exit(130)));
  console.log(
    `dev wait: ${runs} runs of npm run dev, Node ${process.version}, load average ` +
      loadavg()
        .map((value) => value.toFixed(1))
        .join(' '),
  );
  const results: Run[] = [];
  for (let index = 1; index <= runs; index += 1) results.push(await measureRun(index));
  const live = results.flatMap((run) => run.liveMs);
  const summary = {
    readyMs: median(results.map((run) => run.readyMs)),
    typesFirstMs: median(results.map((run) => run.typesFirstMs)),
    liveMs: median(live),
    liveRange: [Math.min(...live), Math.max(...live)],
    typeErrorShownMs: median(results.map((run) => run.typeErrorShownMs)),
    typeErrorGoneMs: median(results.map((run) => run.typeErrorGoneMs)),
  };
  console.log(`\nmedians of ${runs} runs (live: of ${live.length} edits); targets: ready < 15 s, live < 3 s`);
  console.log('\n| measure | ms |\n|---|---|');
  console.log(`| npm run dev to ready | ${summary.readyMs} |`);
  console.log(`| npm run dev to the first type check's result | ${summary.typesFirstMs} |`);
  console.log(`| an edit to product-service live | ${summary.liveMs} (${summary.liveRange.join('-')}) |`);
  console.log(`| a type error to its [types] line | ${summary.typeErrorShownMs} |`);
  console.log(`| its fix to the error count back | ${summary.typeErrorGoneMs} |`);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/dev-wait-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ node: process.version, loadavg: loadavg(), summary, runs: results }, null, 2));
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  restore();
  console.error(error);
  process.exit(1);
});
