import type { ConfigReader } from './reader';

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy refuses any other number of days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface TracingSettings {
  /** Share of traces kept besides those always kept (errors, slow ones), 1-100, decided per trace id. */
  samplingPercent: number;
  /** A trace at least this long is always kept, whatever the percentage. */
  keepSlowerThanMs: number;
}

export interface LoggingSettings {
  /** Days CloudWatch Logs keeps each service's log group. */
  retentionDays: number;
}

export function readTracing(r: ConfigReader): TracingSettings {
  return { samplingPercent: r.int('samplingPercent', 1, 100), keepSlowerThanMs: r.int('keepSlowerThanMs', 100, 60000) };
}

export function readLogging(r: ConfigReader): LoggingSettings {
  const retentionDays = r.int('retentionDays', 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
    r.problem('retentionDays', `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  return { retentionDays };
}
