import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type GrantOutcome = 'issued' | 'rejected';

/** Business counter: client-credentials grants by client and outcome. */
@Injectable()
export class ServiceClientsMetrics {
  private readonly grants: Counter<'client' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.grants = metrics.counter('auth_service_tokens_total', 'Client-credentials grants by client and outcome.', [
      'client',
      'outcome',
    ]);
  }

  /** `client` is a configured client id or 'unknown', never the raw input. */
  grant(client: string, outcome: GrantOutcome): void {
    this.grants.inc({ client, outcome });
  }
}
