import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type DecayedCount, FailureCounters } from '@app/rate-limit';
import { UserSettings } from '../user-settings';
import { LoginThrottledError } from './auth.errors';

/** What a failed attempt tells about the account's attackers. */
export interface FailureEvidence {
  /** Distinct client addresses that failed on this email within LOGIN_ATTACK_WINDOW_SECONDS. */
  distinctAddresses: number;
}

/**
 * Slows password guessing without handing anyone a way to lock someone else out
 * (docs/decisions/0017-account-protection.md):
 * - per (email, client address): LOGIN_FREE_FAILURES failures, then each attempt waits an exponentially
 *   growing delay after the last failure; the owner on another address is not affected;
 * - per client address, across emails: at LOGIN_IP_MAX_FAILURES failures that address is refused
 *   (credential stuffing from one place);
 * - all counts decay (half-life LOGIN_FAILURE_HALF_LIFE_SECONDS), so nothing needs resetting;
 * - the distinct addresses failing on one email are reported, for the distributed-attack lock.
 * Emails with and without an account are counted alike (no oracle); keys hold a hash, never the email.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: FailureCounters,
    private readonly settings: UserSettings,
  ) {}

  /** Refuses the attempt (429 with Retry-After) while this email from this address, or this address, must wait. */
  async admit(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const [pair, client] = await this.counters.read([keys.pair, keys.client], this.halfLifeMs);
    const waitMs = Math.max(this.pairWaitMs(pair, Date.now()), this.clientWaitMs(client));
    if (waitMs > 0) throw new LoginThrottledError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  async recordFailure(email: string, address: string): Promise<FailureEvidence> {
    const keys = this.keys(email, address);
    await this.counters.add([keys.pair, keys.client], this.halfLifeMs);
    const { attackWindowSeconds } = this.settings.login;
    const distinctAddresses = await this.counters.distinct(keys.addresses, address, attackWindowSeconds * 1000);
    return { distinctAddresses };
  }

  /** The right password from this address: its own failures no longer count (the address's total does). */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.counters.clear(this.keys(email, address).pair);
  }

  /** Milliseconds until this email may be tried again from this address. */
  private pairWaitMs({ value, lastAt }: DecayedCount, now: number): number {
    const { freeFailures, delayBaseSeconds, delayMaxSeconds } = this.settings.login;
    const failures = Math.round(value); // decay makes 3 quick failures 2.999...: they still count as 3
    if (failures < freeFailures) return 0;
    const delaySeconds = Math.min(delayMaxSeconds, delayBaseSeconds * 2 ** (failures - freeFailures));
    return lastAt + delaySeconds * 1000 - now;
  }

  /** Milliseconds until this address's failures have decayed below the cap again. */
  private clientWaitMs({ value }: DecayedCount): number {
    const cap = this.settings.login.ipMaxFailures;
    if (Math.round(value) < cap) return 0;
    return this.halfLifeMs * Math.log2(value / Math.max(cap - 1, 0.5));
  }

  private keys(email: string, address: string) {
    const account = createHash('sha256').update(email).digest('base64url');
    return {
      pair: `login:pair:${account}:${address}`,
      client: `login:ip:${address}`,
      addresses: `login:ips:${account}`,
    };
  }

  private get halfLifeMs(): number {
    return this.settings.login.failureHalfLifeSeconds * 1000;
  }
}
