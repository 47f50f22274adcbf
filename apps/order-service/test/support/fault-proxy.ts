import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Socket } from 'node:net';

export type Fault = 'none' | 'unavailable' | 'down' | 'hang';

/**
 * An HTTP proxy in front of a real upstream service that a test can make misbehave for chosen requests:
 * answer 503 (`unavailable`), drop the connection (`down`) or accept the request and never answer (`hang`, as an
 * upstream does when its process is stopped). Everything else passes through untouched.
 */
export class FaultProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private rule: { fault: Fault; matches: (method: string, path: string) => boolean } = {
    fault: 'none',
    matches: () => false,
  };
  readonly seen: string[] = [];
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((incoming, outgoing) => this.handle(incoming, outgoing));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** From now on, requests matching `method path` (a prefix of the path) get `fault`. */
  fail(fault: Fault, method = '*', pathPrefix = '/'): void {
    this.rule = {
      fault,
      matches: (m, path) => (method === '*' || method === m) && path.startsWith(pathPrefix),
    };
  }

  heal(): void {
    this.fail('none');
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    this.seen.push(`${method} ${path}`);
    const fault = this.rule.matches(method, path) ? this.rule.fault : 'none';
    if (fault === 'down') return void incoming.socket.destroy();
    if (fault === 'hang') return; // stop() destroys the socket
    if (fault === 'unavailable') {
      outgoing.writeHead(503, { 'content-type': 'application/problem+json' });
      return void outgoing.end(JSON.stringify({ status: 503, code: 'SERVICE_UNAVAILABLE' }));
    }
    const upstream = forward(new URL(path, this.target), { method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  }
}
