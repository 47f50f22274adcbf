import { startJaeger } from './jaeger';

export interface LocalTracing {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for the services and the edge; undefined when tracing is off. */
  endpoint?: string;
  /** Where to open traces; undefined when the backend is the developer's own or there is none. */
  uiUrl?: string;
  /** One line for the developer: where the traces go, or why there are none and how to get them. */
  notice: string;
  stop(): Promise<void>;
}

const nothingToStop = async (): Promise<void> => undefined;

/**
 * The trace backend of `npm run dev`: the developer's own when OTEL_EXPORTER_OTLP_ENDPOINT is set, else the
 * pinned Jaeger (built into .tools/ on first use), else none. A missing backend never stops the run: the
 * services simply start without tracing, which then costs them nothing.
 */
export async function resolveLocalTracing(options: {
  configDirectory: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<LocalTracing> {
  const own = (options.env ?? process.env).OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (own) return { endpoint: own, notice: `traces go to OTEL_EXPORTER_OTLP_ENDPOINT (${own})`, stop: nothingToStop };
  try {
    const jaeger = await startJaeger({ configDirectory: options.configDirectory, log: options.log });
    return {
      endpoint: jaeger.otlpEndpoint,
      uiUrl: jaeger.uiUrl,
      notice: `traces go to Jaeger (OTLP ${jaeger.otlpEndpoint}); every answer of the edge names its trace in traceresponse`,
      stop: jaeger.stop,
    };
  } catch (error) {
    return {
      notice:
        `tracing off, no trace backend: ${(error as Error).message.split('\n')[0]} ` +
        '(build the pinned Jaeger with `npm run tools -- jaeger`, or set OTEL_EXPORTER_OTLP_ENDPOINT)',
      stop: nothingToStop,
    };
  }
}
