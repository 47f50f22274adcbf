// Run as a child process by start-tracing.integration-spec.ts: starts tracing, serves one HTTP request that calls
// another route with fetch (as libs/http-client does, with the request's own traceparent already set), prints the
// trace headers that call arrived with, exits.
import { startTracing } from './start-tracing';

const tracing = startTracing('fixture-service');

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after tracing patched it
  const http = require('node:http') as typeof import('node:http');
  const arrived: string[] = [];
  const server = http.createServer((request, response) => {
    if (request.url === '/fetched') {
      arrived.push(String(request.headers.traceparent));
      return response.end('ok');
    }
    const incoming = String(request.headers.traceparent ?? '');
    void fetch(`http://127.0.0.1:${port}/fetched`, { headers: { traceparent: incoming, 'x-request-id': 'r-1' } })
      .then((answer) => answer.text())
      .then(() => response.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    http.get(`http://127.0.0.1:${port}/traced`, (response) => response.resume().on('end', resolve)),
  );
  server.close();
  await tracing?.shutdown();
  process.stdout.write(JSON.stringify({ arrived }));
}

void main();
