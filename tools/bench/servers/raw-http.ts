import { createServer } from 'node:http';

// The floor: node:http writing the same bytes the Nest endpoint answers with, and nothing else.
const body = process.env.BENCH_BODY ?? '{"status":"ok"}';
const port = Number(process.env.PORT);
createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
