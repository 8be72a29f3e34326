import { Agent } from 'node:http';
import type { Socket } from 'node:net';

/** Where an app's web process listens, e.g. 127.0.0.1:49153. */
export interface Upstream {
  readonly host: string;
  readonly port: number;
}

/** An upstream's live state: its connection pool and what is in flight. */
export interface UpstreamState {
  readonly key: string;
  readonly upstream: Upstream;
  readonly agent: Agent;
  inflight: number;
  /** Sockets to the upstream carrying upgraded (WebSocket) connections. */
  readonly upgraded: Set<Socket>;
  /** Waiters woken when `inflight` drops to zero. */
  readonly idle: (() => void)[];
}

interface Route {
  readonly app: string;
  readonly hosts: readonly string[];
  readonly upstreams: readonly UpstreamState[];
  next: number;
}

// Pooled sockets idle this long are closed, a little before common app
// servers' keep-alive timeouts (node's 5 s): reusing a socket the app is
// closing fails the request, and requests with a body cannot be retried.
// The agent applies it to idle sockets only, never to a slow response.
const IDLE_POOL_MS = 4_000;

export function keyOf(u: Upstream): string {
  return `${u.host}:${u.port}`;
}

/**
 * The routing table. A route is replaced whole and synchronously, so a
 * request sees either the old upstream set or the new one, never a mix.
 */
export class Routes {
  private readonly byApp = new Map<string, Route>();
  private readonly byHost = new Map<string, Route>();
  private readonly states = new Map<string, UpstreamState>();

  set(app: string, hosts: string[], upstreams: Upstream[]): void {
    this.unlink(app);
    const names = hosts.map(normalizeHost).filter(Boolean);
    const route: Route = { app, hosts: names, upstreams: upstreams.map((u) => this.state(u)), next: 0 };
    this.byApp.set(app, route);
    for (const host of names) this.byHost.set(host, route);
    this.prune();
  }

  remove(app: string): void {
    this.unlink(app);
    this.prune();
  }

  upstreamsOf(app: string): Upstream[] | undefined {
    return this.byApp.get(app)?.upstreams.map((s) => s.upstream);
  }

  /** Picks the next upstream for a Host header, round robin; undefined if none. */
  pick(hostHeader: string | undefined): { app: string; state: UpstreamState } | undefined {
    const route = this.byHost.get(normalizeHost(hostHeader ?? ''));
    if (!route || route.upstreams.length === 0) return undefined;
    const state = route.upstreams[route.next % route.upstreams.length] as UpstreamState;
    route.next = (route.next + 1) % route.upstreams.length;
    return { app: route.app, state };
  }

  find(u: Upstream): UpstreamState | undefined {
    return this.states.get(keyOf(u));
  }

  /** Forgets an upstream no route uses any more and closes its pool; in-use ones stay. */
  forget(state: UpstreamState): void {
    if (this.inUse(state) || this.states.get(state.key) !== state) return;
    state.agent.destroy();
    this.states.delete(state.key);
  }

  /** Closes every pool and upgraded connection, for shutdown. */
  destroyAll(): void {
    for (const state of this.states.values()) {
      state.agent.destroy();
      for (const socket of state.upgraded) socket.destroy();
    }
    this.states.clear();
  }

  get size(): number {
    return this.byApp.size;
  }

  private unlink(app: string): void {
    const route = this.byApp.get(app);
    if (!route) return;
    this.byApp.delete(app);
    for (const host of route.hosts) if (this.byHost.get(host) === route) this.byHost.delete(host);
  }

  // Idle upstreams no route names would otherwise keep their pooled sockets
  // forever; busy ones are left for drain() to wait on.
  private prune(): void {
    for (const state of [...this.states.values()]) if (state.inflight === 0) this.forget(state);
  }

  private inUse(state: UpstreamState): boolean {
    for (const route of this.byApp.values()) if (route.upstreams.includes(state)) return true;
    return false;
  }

  private state(u: Upstream): UpstreamState {
    const key = keyOf(u);
    let state = this.states.get(key);
    if (!state) {
      const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_POOL_MS });
      state = { key, upstream: { host: u.host, port: u.port }, agent, inflight: 0, upgraded: new Set(), idle: [] };
      this.states.set(key, state);
    }
    return state;
  }
}

/** Lower-cases a Host header and strips its port (and a trailing dot). */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  const name = colon >= 0 ? h.slice(0, colon) : h;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
