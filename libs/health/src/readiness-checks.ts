import { Injectable } from '@nestjs/common';

/**
 * What besides the database a service needs before it can do its work, registered by the library that knows
 * (e.g. a consumer needs its broker; a publisher does not, its outbox waits). Readiness fails while any is false.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, () => boolean>();

  register(name: string, isReady: () => boolean): void {
    this.checks.set(name, isReady);
  }

  entries(): [string, () => boolean][] {
    return [...this.checks.entries()];
  }
}
