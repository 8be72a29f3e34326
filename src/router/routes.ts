import { Agent } from 'node:http';
import type { Socket } from 'node:net';

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
  readonly upgraded: Set<Socket>;
  idle: (() => void)[];
}

interface Route {
  app: string;
  hosts: string[];
  upstreams: UpstreamState[];
  next: number;
}

export function keyOf(u: Upstream): string {
  return `${u.host}:${u.port}`;
}

/**
 * The routing table. A route is replaced whole, so a request sees either the
 * old set or the new one, never a mix.
 */
export class Routes {
  private readonly byApp = new Map<string, Route>();
  private readonly byHost = new Map<string, Route>();
  private readonly states = new Map<string, UpstreamState>();

  set(app: string, hosts: string[], upstreams: Upstream[]): void {
    this.remove(app);
    const route: Route = { app, hosts: hosts.map(normalizeHost), upstreams: upstreams.map((u) => this.state(u)), next: 0 };
    this.byApp.set(app, route);
    for (const host of route.hosts) this.byHost.set(host, route);
  }

  remove(app: string): void {
    const route = this.byApp.get(app);
    if (!route) return;
    this.byApp.delete(app);
    for (const host of route.hosts) if (this.byHost.get(host) === route) this.byHost.delete(host);
  }

  /** Picks the next upstream for a Host header, round robin; undefined if none. */
  pick(hostHeader: string | undefined): { app: string; state: UpstreamState } | undefined {
    const route = this.byHost.get(normalizeHost(hostHeader ?? ''));
    if (!route || !route.upstreams.length) return undefined;
    const state = route.upstreams[route.next++ % route.upstreams.length] as UpstreamState;
    return { app: route.app, state };
  }

  find(u: Upstream): UpstreamState | undefined {
    return this.states.get(keyOf(u));
  }

  /** Forgets an upstream no route uses any more, closing its pool. */
  forget(u: Upstream): void {
    const state = this.states.get(keyOf(u));
    if (!state || this.inUse(state)) return;
    state.agent.destroy();
    this.states.delete(state.key);
  }

  all(): UpstreamState[] {
    return [...this.states.values()];
  }

  get size(): number {
    return this.byApp.size;
  }

  private inUse(state: UpstreamState): boolean {
    for (const route of this.byApp.values()) if (route.upstreams.includes(state)) return true;
    return false;
  }

  private state(u: Upstream): UpstreamState {
    const key = keyOf(u);
    let state = this.states.get(key);
    if (!state) {
      state = { key, upstream: { host: u.host, port: u.port }, agent: new Agent({ keepAlive: true, maxSockets: 256 }), inflight: 0, upgraded: new Set(), idle: [] };
      this.states.set(key, state);
    }
    return state;
  }
}

export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}
