import { PeriodicJob } from './periodic-job';

/** A pass the test finishes by hand, so overlapping calls can be observed. */
function controllablePass() {
  const finishers: Array<(value: number) => void> = [];
  let calls = 0;
  const pass = jest.fn(
    () =>
      new Promise<number>((resolve) => {
        calls += 1;
        finishers.push(resolve);
      }),
  );
  return { pass, finish: (value: number) => finishers.shift()!(value), calls: () => calls };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PeriodicJob', () => {
  afterEach(() => jest.useRealTimers());

  it('runs one pass per interval once started, and none before', async () => {
    jest.useFakeTimers();
    const pass = jest.fn().mockResolvedValue(1);
    const job = new PeriodicJob(pass, { intervalMs: 1000, onFailure: jest.fn() });
    jest.advanceTimersByTime(5000);
    expect(pass).not.toHaveBeenCalled();
    job.start();
    await jest.advanceTimersByTimeAsync(3000);
    expect(pass).toHaveBeenCalledTimes(3);
    await job.stop();
  });

  it('never runs on its own when the interval is 0, but a direct run still works', async () => {
    jest.useFakeTimers();
    const pass = jest.fn().mockResolvedValue(7);
    const job = new PeriodicJob(pass, { intervalMs: 0, onFailure: jest.fn() });
    job.start();
    expect(job.started).toBe(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(pass).not.toHaveBeenCalled();
    await expect(job.run()).resolves.toBe(7);
  });

  it('runs at once at start when asked to', async () => {
    const pass = jest.fn().mockResolvedValue(1);
    const job = new PeriodicJob(pass, { intervalMs: 60_000, onFailure: jest.fn(), runAtStart: true });
    job.start();
    await flush();
    expect(pass).toHaveBeenCalledTimes(1);
    await job.stop();
  });

  it('joins a pass that is running instead of starting a second one', async () => {
    const { pass, finish } = controllablePass();
    const job = new PeriodicJob(pass, { intervalMs: 0, onFailure: jest.fn() });
    const first = job.run();
    const second = job.run();
    expect(pass).toHaveBeenCalledTimes(1);
    finish(3);
    await expect(Promise.all([first, second])).resolves.toEqual([3, 3]);
    const third = job.run();
    expect(pass).toHaveBeenCalledTimes(2);
    finish(4);
    await expect(third).resolves.toBe(4);
  });

  it('hands a failed timer pass to the failure handler and keeps running', async () => {
    jest.useFakeTimers();
    const onFailure = jest.fn();
    const pass = jest.fn().mockRejectedValueOnce(new Error('database away')).mockResolvedValue(1);
    const job = new PeriodicJob(pass, { intervalMs: 1000, onFailure });
    job.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(onFailure).toHaveBeenCalledWith(new Error('database away'));
    expect(pass).toHaveBeenCalledTimes(2);
    await job.stop();
  });

  it('rejects a direct run with the pass error', async () => {
    const onFailure = jest.fn();
    const job = new PeriodicJob(() => Promise.reject(new Error('boom')), { intervalMs: 0, onFailure });
    await expect(job.run()).rejects.toThrow('boom');
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('a request while a pass runs queues exactly one more pass after it', async () => {
    const { pass, finish, calls } = controllablePass();
    const job = new PeriodicJob(pass, { intervalMs: 60_000, onFailure: jest.fn() });
    job.start();
    job.request();
    expect(calls()).toBe(1);
    job.request();
    job.request();
    finish(1);
    await flush();
    expect(calls()).toBe(2);
    finish(2);
    await flush();
    expect(calls()).toBe(2);
    await job.stop();
  });

  it('ignores requests when stopped', async () => {
    const pass = jest.fn().mockResolvedValue(1);
    const job = new PeriodicJob(pass, { intervalMs: 60_000, onFailure: jest.fn() });
    job.request();
    job.start();
    await job.stop();
    job.request();
    await flush();
    expect(pass).not.toHaveBeenCalled();
  });

  it('stop waits for the running pass, even a failing one, and then no timer fires', async () => {
    jest.useFakeTimers();
    let rejectPass!: (error: Error) => void;
    const pass = jest.fn(() => new Promise<number>((_, reject) => (rejectPass = reject)));
    const job = new PeriodicJob(pass, { intervalMs: 1000, onFailure: jest.fn() });
    job.start();
    await jest.advanceTimersByTimeAsync(1000);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    rejectPass(new Error('late failure'));
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(pass).toHaveBeenCalledTimes(1);
  });
});
