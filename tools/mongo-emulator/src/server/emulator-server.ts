import { createServer, type Server, type Socket } from 'node:net';
import { CursorRegistry } from '../cursors/cursor-registry';
import { SnapshotPersistence } from '../storage/snapshot-persistence';
import { Store } from '../storage/store';
import { sweepExpiredDocuments } from '../storage/ttl-sweeper';
import { serveConnection } from './connection';

export interface EmulatorServerOptions {
  host: string;
  port: number;
  persistPath?: string;
}

/** How often TTL indexes are enforced (the real server's monitor runs every 60 s; faster suits tests). */
const SWEEP_INTERVAL_MS = 1000;

/** Owns the listening socket, every client socket, the data and the background timers of one emulator. */
export class EmulatorServer {
  private readonly store = new Store();
  private readonly cursors = new CursorRegistry();
  private readonly sockets = new Set<Socket>();
  private readonly persistence?: SnapshotPersistence;
  private server?: Server;
  private sweeper?: NodeJS.Timeout;
  private connectionCount = 0;

  constructor(private readonly options: EmulatorServerOptions) {
    if (options.persistPath) this.persistence = new SnapshotPersistence(options.persistPath, this.store);
  }

  async start(): Promise<number> {
    await this.persistence?.load();
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
    const address = server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  /** Drops every client at once (no lingering keep-alive sockets) so the port is free to listen on again. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.cursors.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.persistence?.flush();
    this.persistence?.dispose();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    serveConnection(socket, {
      store: this.store,
      cursors: this.cursors,
      connectionId: ++this.connectionCount,
      markDirty: () => this.persistence?.scheduleSave(),
    });
  }

  private sweep(): void {
    if (sweepExpiredDocuments(this.store, new Date()) > 0) this.persistence?.scheduleSave();
    this.cursors.closeIdle();
  }
}
