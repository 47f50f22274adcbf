// Run as a child process by start-tracing.integration-spec.ts: starts tracing, serves and calls one HTTP request, exits.
import { startTracing } from './start-tracing';

const tracing = startTracing('fixture-service');

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after tracing patched it
  const http = require('node:http') as typeof import('node:http');
  const server = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    http.get(`http://127.0.0.1:${port}/traced`, (response) => response.resume().on('end', resolve)),
  );
  server.close();
  await tracing?.shutdown();
}

void main();
