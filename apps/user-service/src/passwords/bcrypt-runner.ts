import bcrypt from 'bcryptjs';

/** Where bcrypt work runs: worker threads (bcrypt-worker-pool.ts) or, with BCRYPT_WORKERS=0, the event loop. */
export abstract class BcryptRunner {
  abstract hash(password: string, cost: number): Promise<string>;
  abstract compare(password: string, hash: string): Promise<boolean>;
  abstract close(): Promise<void>;
}

/** bcryptjs's asynchronous API: runs on the event loop in slices of up to ~100 ms between other work. */
export class EventLoopBcryptRunner extends BcryptRunner {
  hash(password: string, cost: number): Promise<string> {
    return bcrypt.hash(password, cost);
  }

  compare(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  async close(): Promise<void> {}
}
