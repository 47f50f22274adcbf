import { randomBytes } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { UserSettings } from '../user-settings';
import { BcryptRunner } from './bcrypt-runner';

/**
 * bcrypt at the configured cost (bcryptjs: pure JavaScript, so no native build in the image), run by the
 * BcryptRunner (worker threads by default). Also keeps a dummy hash of the same cost, so a login for an
 * unknown email costs as much time as one with a wrong password and the two cannot be told apart.
 */
@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly dummyHash: string;

  constructor(
    private readonly settings: UserSettings,
    private readonly runner: BcryptRunner,
  ) {
    // A hash of nothing, at the configured cost: a fresh salt and 23 random bytes, in bcrypt's own encoding.
    // Comparing against it costs what a real verification costs (bcrypt's work depends only on the cost in the
    // salt) and never matches, and making it costs nothing, where hashing a random password cost one full hash
    // on the event loop at every start (about 0.35 s of CPU at cost 12; docs/benchmarks.md "Start and footprint").
    this.dummyHash = bcrypt.genSaltSync(settings.bcryptCost) + bcrypt.encodeBase64([...randomBytes(23)], 23);
  }

  hash(password: string): Promise<string> {
    return this.runner.hash(password, this.settings.bcryptCost);
  }

  /** Passwords bcrypt would truncate never match: they could not have been set (password-policy.ts). */
  async verify(password: string, hash: string): Promise<boolean> {
    const matches = await this.runner.compare(password, hash);
    return matches && !bcrypt.truncates(password);
  }

  /** Spends the time of one verification without any account; the answer is always "no match". */
  async verifyAgainstDummy(password: string): Promise<false> {
    await this.runner.compare(password, this.dummyHash);
    return false;
  }

  /** Hashes made at a lower cost (an older setting, the dev seed) are upgraded on the next successful login. */
  needsRehash(hash: string): boolean {
    return bcrypt.getRounds(hash) < this.settings.bcryptCost;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
  }
}
