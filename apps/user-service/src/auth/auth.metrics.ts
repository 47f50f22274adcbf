import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type LoginOutcome = 'success' | 'unknown_email' | 'wrong_password' | 'locked' | 'disabled' | 'rate_limited';
export type RefreshOutcome = 'success' | 'invalid' | 'reused' | 'disabled';

/** Business counters: logins and refresh-token exchanges by outcome. */
@Injectable()
export class AuthMetrics {
  private readonly logins: Counter<'outcome'>;
  private readonly refreshes: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.logins = metrics.counter('auth_logins_total', 'Login attempts by outcome.', ['outcome']);
    this.refreshes = metrics.counter('auth_token_refreshes_total', 'Refresh-token exchanges by outcome.', ['outcome']);
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  refresh(outcome: RefreshOutcome): void {
    this.refreshes.inc({ outcome });
  }
}
