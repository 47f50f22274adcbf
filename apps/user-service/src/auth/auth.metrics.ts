import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type LoginOutcome = 'success' | 'unknown_email' | 'wrong_password' | 'locked' | 'disabled' | 'rate_limited';
export type RefreshOutcome = 'success' | 'invalid' | 'reused' | 'disabled';

/** Business counters of user-service, scraped with the HTTP metrics from GET /metrics. */
@Injectable()
export class IdentityMetrics {
  readonly logins: Counter<'outcome'>;
  readonly registrations: Counter<'outcome'>;
  readonly refreshes: Counter<'outcome'>;
  readonly lockouts: Counter;
  readonly serviceTokens: Counter<'client' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.logins = metrics.counter('auth_logins_total', 'Login attempts by outcome.', ['outcome']);
    this.registrations = metrics.counter('auth_registrations_total', 'Registrations by outcome.', ['outcome']);
    this.refreshes = metrics.counter('auth_token_refreshes_total', 'Refresh-token exchanges by outcome.', ['outcome']);
    this.lockouts = metrics.counter('auth_account_lockouts_total', 'Accounts locked after repeated failed logins.');
    this.serviceTokens = metrics.counter(
      'auth_service_tokens_total',
      'Client-credentials grants by client and outcome.',
      ['client', 'outcome'],
    );
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  refresh(outcome: RefreshOutcome): void {
    this.refreshes.inc({ outcome });
  }
}
