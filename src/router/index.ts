/**
 * The HTTP router the swap points at: routes by Host header, switches an
 * app's upstreams atomically, and tells the swap when an old upstream has
 * finished its in-flight requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Log } from '../log.js';
import { whenIdle } from './inflight.js';
import { proxyRequest } from './proxy.js';
import { Routes, type Upstream } from './routes.js';
import { proxyUpgrade } from './upgrade.js';

export type { Upstream } from './routes.js';

export class Router {
  private readonly routes = new Routes();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly log: Log) {
    this.server = createServer((req, res) => proxyRequest(req, res, this.routes, log));
    this.server.on('upgrade', (req, socket: Socket, head) => proxyUpgrade(req, socket, head, this.routes, log));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_err, socket) => socket.destroy());
    this.server.keepAliveTimeout = 65_000;
    this.server.requestTimeout = 0;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    for (const state of this.routes.all()) {
      state.agent.destroy();
      for (const s of state.upgraded) s.destroy();
    }
    await closed;
  }

  /** Replaces the app's hostnames and upstreams in one step; later requests use the new set. */
  setRoute(app: string, hosts: string[], upstreams: Upstream[]): void {
    this.routes.set(app, hosts, upstreams);
  }

  removeRoute(app: string): void {
    this.routes.remove(app);
  }

  /**
   * Resolves once nothing is in flight to `upstreams` (true), or at the
   * deadline (false, and their upgraded connections are cut). Their pooled
   * connections are closed either way.
   */
  async drain(upstreams: Upstream[], deadlineMs: number): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    const states = upstreams.flatMap((u) => this.routes.find(u) ?? []);
    const results = await Promise.all(states.map((s) => whenIdle(s, deadline)));
    for (const state of states) {
      for (const socket of state.upgraded) socket.destroy();
      this.routes.forget(state.upstream);
    }
    return results.every(Boolean);
  }

  inflight(upstream: Upstream): number {
    return this.routes.find(upstream)?.inflight ?? 0;
  }

  stats(): { apps: number } {
    return { apps: this.routes.size };
  }
}
