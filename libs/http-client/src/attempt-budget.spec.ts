import { attemptTimeoutMs, MIN_ATTEMPT_MS, retryFits, withinDeadline } from './attempt-budget';

const expired = () => new Error('deadline');

describe('attemptTimeoutMs', () => {
  it('is the per-attempt timeout when the request has time enough, or no deadline at all', () => {
    expect(attemptTimeoutMs(2_000, 5_000)).toBe(2_000);
    expect(attemptTimeoutMs(2_000, Infinity)).toBe(2_000);
  });

  it('is cut to the time the request has left', () => {
    expect(attemptTimeoutMs(2_000, 1_200)).toBe(1_200);
    expect(attemptTimeoutMs(2_000, MIN_ATTEMPT_MS)).toBe(MIN_ATTEMPT_MS);
  });

  it('refuses an attempt when less than the floor is left, or nothing', () => {
    expect(attemptTimeoutMs(2_000, MIN_ATTEMPT_MS - 1)).toBeUndefined();
    expect(attemptTimeoutMs(2_000, 0)).toBeUndefined();
  });

  it('never asks more of the time left than the attempt could use: a shorter per-attempt timeout is the floor', () => {
    expect(attemptTimeoutMs(50, 60)).toBe(50);
    expect(attemptTimeoutMs(50, 49)).toBeUndefined();
  });
});

describe('retryFits', () => {
  it('starts a retry only when the time left after the backoff still covers an attempt worth making', () => {
    expect(retryFits(2_000, 400, Infinity)).toBe(true);
    expect(retryFits(2_000, 400, 400 + MIN_ATTEMPT_MS)).toBe(true);
    expect(retryFits(2_000, 400, 400 + MIN_ATTEMPT_MS - 1)).toBe(false);
    expect(retryFits(2_000, 0, 0)).toBe(false);
  });
});

describe('withinDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits for the work as long as it takes when there is no deadline', async () => {
    await expect(withinDeadline(async () => 'token', expired, Infinity)).resolves.toBe('token');
  });

  it('gives up at the deadline with the given error, without stopping the work', async () => {
    let finish: (value: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const waiting = withinDeadline(() => work, expired, 300);
    const outcome = expect(waiting).rejects.toThrow('deadline');
    await jest.advanceTimersByTimeAsync(300);
    await outcome;
    finish('late');
    await expect(work).resolves.toBe('late');
  });

  it('answers with the work when it finishes in time, and with its failure', async () => {
    await expect(withinDeadline(async () => 'token', expired, 300)).resolves.toBe('token');
    await expect(withinDeadline(() => Promise.reject(new Error('refused')), expired, 300)).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not start the work when less than the floor is left', async () => {
    const work = jest.fn(async () => 'token');
    await expect(withinDeadline(work, expired, MIN_ATTEMPT_MS - 1)).rejects.toThrow('deadline');
    expect(work).not.toHaveBeenCalled();
  });
});
