import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureTool } from '../toolchain/ensure-tool';
import { freePort } from '../platform/free-port';
import { portOrFree } from './mail-catcher';

/**
 * The trace viewer Jaeger serves at / (a Jaeger built from source has no UI bundle): index.html, and its script
 * and style under static/, the only path Jaeger serves files from (any other path answers index.html).
 */
export const TRACE_VIEWER_DIRECTORY = resolve(__dirname, 'trace-viewer');

export interface JaegerOptions {
  /** Ports to use when free (Jaeger's usual 4318 for OTLP/HTTP and 16686 for the UI); a free port otherwise. */
  otlpHttpPort?: number;
  uiPort?: number;
  /** Every port one the OS has free, none of the usual ones (tests, beside a developer's own Jaeger). */
  freePorts?: boolean;
  /** Where the generated configuration file is written. */
  configDirectory: string;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningJaeger {
  /** What the services and the edge get as OTEL_EXPORTER_OTLP_ENDPOINT (OTLP over HTTP). */
  otlpEndpoint: string;
  /**
   * The trace viewer (tools/dev/trace-viewer: `#/trace/<trace id>`, search by order or request id), and the HTTP
   * API under /api (`/api/traces/<trace id>`, `/api/traces?service=edge`).
   */
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Jaeger v2's all-in-one setup (an OpenTelemetry Collector distribution) on 127.0.0.1 only: OTLP in, traces
 * kept in memory, the query API and the trace viewer out. Every port is named, so nothing listens on a default
 * port that may be taken (its own metrics are off for the same reason).
 */
function configFor(ports: { otlpHttp: number; otlpGrpc: number; ui: number; queryGrpc: number }): object {
  const at = (port: number) => `127.0.0.1:${port}`;
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] },
      },
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      jaeger_storage: { backends: { memory_store: { memory: { max_traces: 50_000 } } } },
      jaeger_query: {
        storage: { traces: 'memory_store' },
        // Its own tracing would export to the default OTLP port, which is not this Jaeger's.
        enable_tracing: false,
        // The UI's files: ours instead of the placeholder page of a build without Jaeger's UI bundle.
        ui: { assets_path: TRACE_VIEWER_DIRECTORY },
        http: { endpoint: at(ports.ui) },
        grpc: { endpoint: at(ports.queryGrpc) },
      },
    },
    receivers: {
      otlp: { protocols: { http: { endpoint: at(ports.otlpHttp) }, grpc: { endpoint: at(ports.otlpGrpc) } } },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memory_store' } },
  };
}

/**
 * Starts the pinned Jaeger (built into .tools/ on first use; throws ToolUnavailableError naming what to install
 * when it cannot be) as a child process, and resolves once it takes traces and answers queries.
 */
export async function startJaeger(options: JaegerOptions): Promise<RunningJaeger> {
  const binary = await ensureTool('jaeger', { log: options.log });
  const taken: number[] = [];
  const pick = async (preferred: number) => {
    let port = options.freePorts ? await freePort() : await portOrFree(preferred, taken);
    while (taken.includes(port)) port = await freePort();
    taken.push(port);
    return port;
  };
  const ports = {
    otlpHttp: await pick(options.otlpHttpPort ?? 4318),
    otlpGrpc: await pick(4317),
    ui: await pick(options.uiPort ?? 16686),
    queryGrpc: await pick(16685),
  };
  // JSON is YAML too, and the collector reads either.
  mkdirSync(options.configDirectory, { recursive: true });
  const configFile = join(options.configDirectory, 'jaeger-config.yaml');
  writeFileSync(configFile, JSON.stringify(configFor(ports), null, 2));
  const child: ChildProcess = spawn(binary, ['--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = once(child, 'close');
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      options.log?.(line);
    });
  const uiUrl = `http://127.0.0.1:${ports.ui}`;
  const otlpEndpoint = `http://127.0.0.1:${ports.otlpHttp}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await closed;
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (!(await answering(uiUrl, otlpEndpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`jaeger did not start (config ${configFile}):\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { otlpEndpoint, uiUrl, stop };
}

/** The query API answers and the OTLP receiver takes an (empty) export: both ends are up. */
async function answering(uiUrl: string, otlpEndpoint: string): Promise<boolean> {
  const ok = (request: Promise<Response>) =>
    request.then(
      (response) => response.ok,
      () => false,
    );
  const signal = AbortSignal.timeout(1_000);
  const [query, otlp] = await Promise.all([
    ok(fetch(`${uiUrl}/api/services`, { signal })),
    ok(
      fetch(`${otlpEndpoint}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"resourceSpans":[]}',
        signal,
      }),
    ),
  ]);
  return query && otlp;
}
