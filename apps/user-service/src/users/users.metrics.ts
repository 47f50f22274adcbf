import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type RegistrationOutcome = 'created' | 'email_taken';

/** Business counters: registrations by outcome and accounts locked during a distributed guessing attack. */
@Injectable()
export class UsersMetrics {
  private readonly registrations: Counter<'outcome'>;
  private readonly lockouts: Counter;

  constructor(metrics: MetricsService) {
    this.registrations = metrics.counter('auth_registrations_total', 'Registrations by outcome.', ['outcome']);
    this.lockouts = metrics.counter(
      'auth_accounts_under_attack_total',
      'Accounts locked because failed logins came from many client addresses (account_under_attack).',
    );
  }

  registration(outcome: RegistrationOutcome): void {
    this.registrations.inc({ outcome });
  }

  accountUnderAttack(): void {
    this.lockouts.inc();
  }
}
