/**
 * The HTTP router the swap points at: routes by Host header, switches an
 * app's upstreams atomically, and tells the swap when an old upstream has
 * finished its in-flight requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Log } from '../log.js';
import { whenIdle } from './inflight.js';
import { NOT_FOUND_PAGE } from './pages.js';
import { proxyRequest, type ProxyContext } from './proxy.js';
import { Routes, type Upstream } from './routes.js';
import { proxyUpgrade } from './upgrade.js';

export type { Upstream } from './routes.js';

export interface RouterOptions {
  /** HTML served for hosts no app answers; the default names no internals. */
  notFoundPage?: string;
}

/** A reverse proxy in front of the apps' web containers. */
export class Router {
  private readonly routes = new Routes();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(log: Log, options: RouterOptions = {}) {
    const ctx: ProxyContext = { routes: this.routes, log, notFoundPage: options.notFoundPage ?? NOT_FOUND_PAGE };
    this.server = createServer((req, res) => proxyRequest(req, res, ctx));
    this.server.on('upgrade', (req, socket: Socket, head: Buffer) => proxyUpgrade(req, socket, head, ctx));
    this.server.on('connection', (socket: Socket) => this.track(socket));
    this.server.on('clientError', (_err, socket: Socket) => refuse(socket));
    this.server.on('error', (err) => log({ event: 'router-error', error: err.message }));
    // Apps may take minutes to answer; only a client stuck sending headers is cut.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 60_000;
    // Longer than common load balancers' idle timeout (60 s), so they close first.
    this.server.keepAliveTimeout = 65_000;
  }

  /** Listens on `host:port` (0 picks a free port) and resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and cuts every client and upstream connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.routes.destroyAll();
    await closed;
  }

  /**
   * Atomically replaces the app's hostnames and upstream set. Later requests,
   * even on existing keep-alive client connections, go to the new set, round robin.
   */
  setRoute(app: string, hosts: string[], upstreams: Upstream[]): void {
    this.routes.set(app, hosts, upstreams);
  }

  /** Changes the hostnames of a routed app, keeping its upstreams. */
  setHosts(app: string, hosts: string[]): void {
    const upstreams = this.routes.upstreamsOf(app);
    if (upstreams) this.routes.set(app, hosts, upstreams);
  }

  /** Stops serving the app; its hosts answer 404 from now on. */
  removeRoute(app: string): void {
    this.routes.remove(app);
  }

  /**
   * Resolves once nothing is in flight to `upstreams` (true), or at the
   * deadline (false, and their remaining upgraded connections are cut).
   * Their pooled connections are closed either way, unless a route still
   * uses them.
   */
  async drain(upstreams: Upstream[], deadlineMs: number): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    const states = upstreams.flatMap((u) => this.routes.find(u) ?? []);
    const results = await Promise.all(states.map((s) => whenIdle(s, deadline)));
    for (const state of states) {
      for (const socket of state.upgraded) socket.destroy();
      this.routes.forget(state);
    }
    return results.every(Boolean);
  }

  /** Requests and upgraded connections now in flight to `upstream`. */
  inflight(upstream: Upstream): number {
    return this.routes.find(upstream)?.inflight ?? 0;
  }

  stats(): { apps: number } {
    return { apps: this.routes.size };
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

// A malformed request gets a 400 if the socket can still carry one, as
// node's own default handler does.
function refuse(socket: Socket): void {
  if (socket.writable && socket.bytesWritten === 0) socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}
