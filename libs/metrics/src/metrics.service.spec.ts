import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('hands the same metric to every caller of a name, so two collaborators count into one series', async () => {
    const metrics = new MetricsService();
    const first = metrics.counter('orders_placed_total', 'Orders placed.', ['outcome']);
    const second = metrics.counter('orders_placed_total', 'Orders placed.', ['outcome']);
    expect(second).toBe(first);
    first.inc({ outcome: 'ok' });
    second.inc({ outcome: 'ok' });
    expect(await metrics.registry.getSingleMetricAsString('orders_placed_total')).toContain(
      'orders_placed_total{outcome="ok"} 2',
    );
  });

  it('reuses gauges and histograms by name too, and allows metrics without labels', async () => {
    const metrics = new MetricsService();
    const gauge = metrics.gauge('payments_overdue', 'Unpaid past the deadline.');
    expect(metrics.gauge('payments_overdue', 'Unpaid past the deadline.')).toBe(gauge);
    gauge.set(3);
    const histogram = metrics.histogram('sweep_duration_seconds', 'Sweep duration.');
    expect(metrics.histogram('sweep_duration_seconds', 'Sweep duration.')).toBe(histogram);
    histogram.observe(0.2);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('payments_overdue 3');
    expect(exposition).toContain('sweep_duration_seconds_count 1');
  });

  it('keeps each instance separate: two apps in one process never share series', async () => {
    const one = new MetricsService();
    const other = new MetricsService();
    one.counter('requests_total', 'Requests.').inc();
    expect(await other.registry.getSingleMetricAsString('requests_total').catch(() => 'absent')).not.toContain(
      'requests_total 1',
    );
  });
});
