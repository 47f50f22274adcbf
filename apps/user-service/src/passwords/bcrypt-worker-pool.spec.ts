import bcrypt from 'bcryptjs';
import { BcryptWorkerPool } from './bcrypt-worker-pool';
import { type LoginBusyError } from './passwords.errors';

describe('BcryptWorkerPool', () => {
  let pool: BcryptWorkerPool;
  beforeAll(() => (pool = new BcryptWorkerPool(2)));
  afterAll(async () => pool.close());

  it('hashes and verifies like bcryptjs, across workers at once', async () => {
    const hashes = await Promise.all(['one', 'two', 'three', 'four'].map((word) => pool.hash(`${word} words`, 4)));
    expect(hashes.map((hash) => bcrypt.getRounds(hash))).toEqual([4, 4, 4, 4]);
    expect(bcrypt.compareSync('one words', hashes[0])).toBe(true);
    expect(await pool.compare('two words', hashes[1])).toBe(true);
    expect(await pool.compare('two words', hashes[2])).toBe(false);
  });

  it('starts its workers on demand, never more than its size', async () => {
    const lazy = new BcryptWorkerPool(2);
    try {
      expect(lazy.started).toBe(0);
      await lazy.hash('first', 4);
      await lazy.hash('second, on the idle worker', 4);
      expect(lazy.started).toBe(1);
      await Promise.all(['a', 'b', 'c', 'd'].map((word) => lazy.hash(word, 4)));
      expect(lazy.started).toBe(2);
    } finally {
      await lazy.close();
    }
  });

  it('keeps the event loop free while it hashes', async () => {
    // On the event loop, bcryptjs would hold this timer back until most of the hash was done.
    const started = performance.now();
    const hashing = pool.hash('a slow hash', 10).then(() => performance.now() - started);
    const timerDelay = await new Promise<number>((resolve) =>
      setTimeout(() => resolve(performance.now() - started), 1),
    );
    const hashDuration = await hashing;
    expect(timerDelay).toBeLessThan(hashDuration / 2);
  });

  it('reports a failure in the worker as a rejected promise', async () => {
    await expect(pool.hash('x', 'not a cost' as unknown as number)).rejects.toThrow('bcrypt failed');
    expect(bcrypt.getRounds(await pool.hash('still working', 4))).toBe(4);
  });

  it('refuses jobs beyond its bound with 503 LOGIN_BUSY and Retry-After, and takes them again once drained', async () => {
    const bounded = new BcryptWorkerPool(1, 2);
    try {
      const answers = await Promise.allSettled([1, 2, 3, 4].map((n) => bounded.hash(`password ${n}`, 6)));
      expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      const refusal = (answers[2] as PromiseRejectedResult).reason as LoginBusyError;
      expect(refusal).toMatchObject({ status: 503, code: 'LOGIN_BUSY', headers: { 'Retry-After': '1' } });
      expect(bcrypt.getRounds(await bounded.hash('after the burst', 4))).toBe(4);
    } finally {
      await bounded.close();
    }
  });
});
