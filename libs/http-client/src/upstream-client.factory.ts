import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { MetricsService } from '@app/metrics';
import { ServiceTokenProvider } from './service-token-provider';
import { UpstreamClient } from './upstream-client';
import { UpstreamMetrics } from './upstream-metrics';

/** Creates one client (and so one circuit breaker) per upstream, all with the service's HTTP settings. */
@Injectable()
export class UpstreamClientFactory implements OnApplicationShutdown {
  private readonly clients = new Map<string, UpstreamClient>();
  private readonly metrics: UpstreamMetrics;
  private readonly tokens: ServiceTokenProvider;

  constructor(
    private readonly config: ServiceConfig,
    metrics: MetricsService,
  ) {
    this.metrics = new UpstreamMetrics(metrics);
    this.tokens = new ServiceTokenProvider(config.serviceClient, config.http.timeoutMs);
  }

  client(name: string, baseUrl: string): UpstreamClient {
    let client = this.clients.get(name);
    if (!client) {
      client = new UpstreamClient({ name, baseUrl, ...this.config.http }, this.metrics, () => this.tokens.token());
      this.clients.set(name, client);
    }
    return client;
  }

  onApplicationShutdown(): void {
    for (const client of this.clients.values()) client.shutdown();
  }
}
