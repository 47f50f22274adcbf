import { Worker } from 'node:worker_threads';
import { BcryptRunner } from './bcrypt-runner';
import { LoginBusyError } from './passwords.errors';

// Plain CommonJS run by each worker thread; bcryptjs is loaded from the path the main thread resolved, so
// this works the same from the compiled service and from the TypeScript test run.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', ({ id, op, password, argument }) => {
  try {
    const result = op === 'hash' ? bcrypt.hashSync(password, argument) : bcrypt.compareSync(password, argument);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

interface Job {
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

interface PoolWorker {
  thread: Worker;
  jobs: Map<number, Job>;
}

/**
 * bcrypt on worker threads. bcryptjs is pure JavaScript: at cost 12 one hash is ~0.4 s of CPU, and on the
 * event loop every login would delay every other request (health probes included) by that much. Workers start
 * on demand, up to `size`: each is a V8 isolate of its own (about 10 MB), which an idle service need not hold
 * (start-up and idle memory, docs/benchmarks.md "Start and footprint"); the first logins after a start pay
 * the worker's start (tens of ms). Each job goes to an idle worker, else to a new one while fewer than `size`
 * run, else to the one with the fewest jobs in flight. A worker that dies fails its jobs and is dropped; the
 * next job starts another.
 * At most `maxQueued` jobs wait or run at once; more are refused with 503 LOGIN_BUSY, so a flood of logins
 * cannot queue without bound (each waiting job holds a request, a password and memory).
 */
export class BcryptWorkerPool extends BcryptRunner {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;

  constructor(
    private readonly size: number,
    private readonly maxQueued = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  hash(password: string, cost: number): Promise<string> {
    return this.run('hash', password, cost) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run('compare', password, hash) as Promise<boolean>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.thread.terminate()));
  }

  /** Worker threads running now (none until the first job). */
  get started(): number {
    return this.workers.length;
  }

  /** Jobs waiting or running on all workers. */
  get queued(): number {
    return this.workers.reduce((sum, worker) => sum + worker.jobs.size, 0);
  }

  private run(op: 'hash' | 'compare', password: string, argument: string | number): Promise<string | boolean> {
    if (this.queued >= this.maxQueued) return Promise.reject(new LoginBusyError());
    const worker = this.pick();
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      worker.jobs.set(id, { resolve, reject });
      worker.thread.postMessage({ id, op, password, argument });
    });
  }

  private pick(): PoolWorker {
    const idle = this.workers.find((candidate) => candidate.jobs.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) {
      const worker = this.spawn();
      this.workers.push(worker);
      return worker;
    }
    return this.workers.reduce((least, candidate) => (candidate.jobs.size < least.jobs.size ? candidate : least));
  }

  private spawn(): PoolWorker {
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath: require.resolve('bcryptjs') } });
    const worker: PoolWorker = { thread, jobs: new Map() };
    thread.on('message', ({ id, result, error }: { id: number; result?: string | boolean; error?: string }) => {
      const job = worker.jobs.get(id);
      worker.jobs.delete(id);
      if (error !== undefined) job?.reject(new Error(`bcrypt failed: ${error}`));
      else job?.resolve(result!);
    });
    thread.on('exit', () => this.replace(worker));
    thread.on('error', () => undefined); // followed by 'exit', handled there
    thread.unref();
    return worker;
  }

  private replace(dead: PoolWorker): void {
    for (const job of dead.jobs.values()) job.reject(new Error('bcrypt worker stopped'));
    dead.jobs.clear();
    const index = this.workers.indexOf(dead);
    if (index >= 0) this.workers.splice(index, 1);
  }
}
