import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type RegistrationOutcome = 'created' | 'email_taken';

/** Business counters: registrations by outcome and accounts locked after repeated failed logins. */
@Injectable()
export class UsersMetrics {
  private readonly registrations: Counter<'outcome'>;
  private readonly lockouts: Counter;

  constructor(metrics: MetricsService) {
    this.registrations = metrics.counter('auth_registrations_total', 'Registrations by outcome.', ['outcome']);
    this.lockouts = metrics.counter('auth_account_lockouts_total', 'Accounts locked after repeated failed logins.');
  }

  registration(outcome: RegistrationOutcome): void {
    this.registrations.inc({ outcome });
  }

  accountLocked(): void {
    this.lockouts.inc();
  }
}
