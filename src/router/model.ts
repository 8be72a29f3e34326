/**
 * The router's state as a value: which backend slot serves which app, which
 * server slots point where, and which hosts map to which slot. haproxy.cfg
 * and the map files are rendered from it (config.ts); the runtime API
 * applies the difference between two of them (apply.ts).
 */

/** Where an app's web process listens, e.g. 127.0.0.1:49153. */
export interface Upstream {
  readonly host: string;
  readonly port: number;
}

export type ServerState = 'ready' | 'drain' | 'maint';

export interface ServerSlot {
  readonly name: string;
  /** Where it points; a free slot points at FREE_ADDR in maintenance. */
  readonly upstream: Upstream;
  readonly state: ServerState;
}

export interface BackendSlot {
  readonly name: string;
  readonly app?: string;
  readonly hosts: readonly string[];
  readonly servers: readonly ServerSlot[];
}

export interface RouterModel {
  readonly bind: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** berth's own HTTP server: ACME challenges and the host's own names go there. */
  readonly daemonPort: number;
  /** The global domains: the berth host's own names. */
  readonly ownHosts: readonly string[];
  readonly backends: readonly BackendSlot[];
  /** Apps whose HTTP requests are redirected to HTTPS. */
  readonly redirects: readonly string[];
  /** Apps taken off the router with proxy:disable. */
  readonly disabled: readonly string[];
  /** Loaded certificates by name, with the SNI names each serves. */
  readonly certs: Readonly<Record<string, readonly string[]>>;
}

export const FREE: Upstream = { host: '127.0.0.1', port: 9 };
export const INITIAL_BACKENDS = 16;
export const INITIAL_SERVERS = 8;
export const DAEMON_BACKEND = 'berth_http';

export function emptyModel(init: Pick<RouterModel, 'bind' | 'httpPort' | 'httpsPort' | 'daemonPort'>): RouterModel {
  return { ...init, ownHosts: [], backends: backendsFrom(0, INITIAL_BACKENDS), redirects: [], disabled: [], certs: {} };
}

function backendsFrom(start: number, count: number): BackendSlot[] {
  return Array.from({ length: count }, (_, i) => ({ name: `app${start + i + 1}`, hosts: [], servers: freeServers(0, INITIAL_SERVERS) }));
}

function freeServers(start: number, count: number): ServerSlot[] {
  return Array.from({ length: count }, (_, i) => ({ name: `s${start + i + 1}`, upstream: FREE, state: 'maint' as const }));
}

export function sameUpstream(a: Upstream, b: Upstream): boolean {
  return a.host === b.host && a.port === b.port;
}

export function backendOf(model: RouterModel, app: string): BackendSlot | undefined {
  return model.backends.find((b) => b.app === app);
}

/**
 * The app's route switched to `upstreams`: servers already pointing at one
 * stay ready, new ones take free slots (ready), the rest drain. Grows the
 * model (more backends, more servers) when slots run out; the caller sees
 * that as a structural change.
 */
export function withRoute(model: RouterModel, app: string, hosts: readonly string[], upstreams: readonly Upstream[]): RouterModel {
  let m = ensureBackend(model, app);
  const backend = backendOf(m, app) as BackendSlot;
  // A draining server named again is taken back (a switch back to the release it served).
  const keep = backend.servers.filter((s) => s.state !== 'maint' && upstreams.some((u) => sameUpstream(u, s.upstream)));
  const missing = upstreams.filter((u) => !keep.some((s) => sameUpstream(s.upstream, u)));
  const free = backend.servers.filter((s) => s.state === 'maint').length;
  let servers = backend.servers;
  if (missing.length > free) servers = [...servers, ...freeServers(servers.length, Math.max(INITIAL_SERVERS, servers.length))];
  const queue = [...missing];
  servers = servers.map((s): ServerSlot => {
    if (keep.includes(s)) return s.state === 'ready' ? s : { ...s, state: 'ready' };
    if (s.state === 'maint') {
      const next = queue.shift();
      return next ? { ...s, upstream: { host: next.host, port: next.port }, state: 'ready' } : s;
    }
    return { ...s, state: 'drain' };
  });
  m = replaceBackend(m, { ...backend, hosts: normalizeHosts(hosts), servers });
  return m;
}

/** The app's hosts changed, upstreams kept. */
export function withHosts(model: RouterModel, app: string, hosts: readonly string[]): RouterModel {
  const backend = backendOf(model, app);
  return backend ? replaceBackend(model, { ...backend, hosts: normalizeHosts(hosts) }) : model;
}

/** The app leaves the router: its hosts unmapped, its servers in maintenance, its slot free. */
export function withoutRoute(model: RouterModel, app: string): RouterModel {
  const backend = backendOf(model, app);
  if (!backend) return model;
  const servers = backend.servers.map((s) => ({ ...s, state: 'maint' as const }));
  return {
    ...replaceBackend(model, { name: backend.name, hosts: [], servers }),
    redirects: model.redirects.filter((a) => a !== app),
  };
}

/** Servers pointing at `upstreams` take no new requests. */
export function withDraining(model: RouterModel, upstreams: readonly Upstream[]): RouterModel {
  const backends = model.backends.map((b) => ({
    ...b,
    servers: b.servers.map((s) => (s.state === 'ready' && upstreams.some((u) => sameUpstream(u, s.upstream)) ? { ...s, state: 'drain' as const } : s)),
  }));
  return { ...model, backends };
}

/** Old servers done draining (or cut at the deadline): maintenance, slot free. */
export function withRetired(model: RouterModel, upstreams: readonly Upstream[]): RouterModel {
  const backends = model.backends.map((b) => ({
    ...b,
    servers: b.servers.map((s) => (s.state === 'drain' && upstreams.some((u) => sameUpstream(u, s.upstream)) ? { ...s, upstream: FREE, state: 'maint' as const } : s)),
  }));
  return { ...model, backends };
}

export function withFlag(list: readonly string[], app: string, on: boolean): string[] {
  const rest = list.filter((a) => a !== app);
  return on ? [...rest, app].sort() : rest;
}

/** Lower-cased, port-less, unique hostnames. */
export function normalizeHosts(hosts: readonly string[]): string[] {
  return [...new Set(hosts.map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean))];
}

/** The model with what the runtime API sets (servers, the daemon's port) blanked: what only a reload changes. */
export function skeletonOf(model: RouterModel): RouterModel {
  const backends = model.backends.map((b) => ({ name: b.name, hosts: [], servers: b.servers.map((s) => ({ name: s.name, upstream: FREE, state: 'maint' as const })) }));
  return { ...model, daemonPort: 0, ownHosts: [], backends, redirects: [], disabled: [], certs: {} };
}

/** Backends, server counts, ports: what only a reload can change. */
export function structureOf(model: RouterModel): string {
  const slots = model.backends.map((b) => `${b.name}:${b.servers.length}`).join(',');
  return `${model.bind}|${model.httpPort}|${model.httpsPort}|${slots}`;
}

function ensureBackend(model: RouterModel, app: string): RouterModel {
  if (backendOf(model, app)) return model;
  let m = model;
  // A slot whose servers still drain is not reused, so the old app's last requests stay apart.
  let slot = m.backends.find((b) => !b.app && b.servers.every((s) => s.state === 'maint'));
  if (!slot) {
    m = { ...m, backends: [...m.backends, ...backendsFrom(m.backends.length, Math.max(INITIAL_BACKENDS, m.backends.length))] };
    slot = m.backends.find((b) => !b.app && b.servers.every((s) => s.state === 'maint')) as BackendSlot;
  }
  return replaceBackend(m, { ...slot, app, hosts: [] });
}

function replaceBackend(model: RouterModel, backend: BackendSlot): RouterModel {
  return { ...model, backends: model.backends.map((b) => (b.name === backend.name ? backend : b)) };
}
