import { currentRequestContext } from '@app/request-context';
import { activeSpanIds } from '@app/tracing';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, REDACTED } from './redaction';

export interface RootLoggerOptions {
  service: string;
  level: string;
  /** Defaults to an asynchronous stdout stream; tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

/**
 * The process-wide JSON logger. Writes go through an asynchronous stdout destination because a synchronous
 * write per request line costs a large share of throughput (docs/decisions/0002-logging.md); what is still
 * buffered is flushed on exit and on application shutdown (LoggingModule).
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const destination = options.destination ?? asyncStdout();
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      // Every line carries the request and user it belongs to, when there is one, and with tracing on the
      // trace and span it was written in (the OpenTelemetry log field names), so a line leads to its trace.
      mixin: () => {
        const context = currentRequestContext();
        const ids = activeSpanIds();
        return {
          ...(context ? { requestId: context.requestId, ...(context.userId ? { userId: context.userId } : {}) } : {}),
          ...ids,
        };
      },
    },
    destination,
  );
}

function asyncStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false });
  process.once('exit', () => stream.flushSync());
  return stream;
}
