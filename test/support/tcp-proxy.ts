import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of the test database that a test can cut and restore, to see how a service behaves
 * when its database goes away, whichever database provider the run uses.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static forMongoUri(uri: string): TcpProxy {
    const { hostname, port } = new URL(uri.replace(/^mongodb:/, 'http:'));
    return new TcpProxy(hostname, Number(port || 27017));
  }

  async start(port = this.port): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Drops every connection and stops accepting new ones: the database is "down". */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** The same URI (credentials, options) pointed at the proxy. Single-host URIs only. */
  uriFor(original: string): string {
    const url = new URL(original.replace(/^mongodb:/, 'http:'));
    url.host = `127.0.0.1:${this.port}`;
    url.searchParams.set('directConnection', 'true');
    return url.toString().replace(/^http:/, 'mongodb:');
  }
}
