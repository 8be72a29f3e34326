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
  /**
   * A backup slot (`b1`…) takes requests only while no other server of its
   * backend is up: the release a deploy just replaced waits there through
   * the uptime window, so a new container that dies loses no request.
   */
  readonly backup?: boolean;
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
export const INITIAL_BACKUPS = 4;
export const DAEMON_BACKEND = 'berth_http';

export function emptyModel(init: Pick<RouterModel, 'bind' | 'httpPort' | 'httpsPort' | 'daemonPort'>): RouterModel {
  return { ...init, ownHosts: [], backends: backendsFrom(0, INITIAL_BACKENDS), redirects: [], disabled: [], certs: {} };
}

function backendsFrom(start: number, count: number): BackendSlot[] {
  return Array.from({ length: count }, (_, i) => ({ name: `app${start + i + 1}`, hosts: [], servers: [...freeServers(0, INITIAL_SERVERS, false), ...freeServers(0, INITIAL_BACKUPS, true)] }));
}

function freeServers(start: number, count: number, backup: boolean): ServerSlot[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${backup ? 'b' : 's'}${start + i + 1}`, upstream: FREE, state: 'maint' as const, ...(backup ? { backup } : {}) }));
}

/**
 * Backends saved before backup slots existed get theirs (a structural
 * change, made when the daemon starts rather than in a deploy's switch).
 */
export function withBackupSlots(model: RouterModel): RouterModel {
  const backends = model.backends.map((b) => {
    const have = b.servers.filter((s) => s.backup).length;
    return have >= INITIAL_BACKUPS ? b : { ...b, servers: [...b.servers, ...freeServers(have, INITIAL_BACKUPS - have, true)] };
  });
  return { ...model, backends };
}

export function sameUpstream(a: Upstream, b: Upstream): boolean {
  return a.host === b.host && a.port === b.port;
}

export function backendOf(model: RouterModel, app: string): BackendSlot | undefined {
  return model.backends.find((b) => b.app === app);
}

/**
 * The app's route switched to `upstreams`, with `fallback` (the release
 * being replaced) in backup slots: servers already pointing at one stay
 * ready, new ones take free slots (ready), the rest drain. Grows the model
 * (more backends, more servers) when slots run out; the caller sees that as
 * a structural change.
 */
export function withRoute(model: RouterModel, app: string, hosts: readonly string[], upstreams: readonly Upstream[], fallback: readonly Upstream[] = []): RouterModel {
  const m = ensureBackend(model, app);
  const backend = backendOf(m, app) as BackendSlot;
  // A backup whose upstream is routed again is freed at once: its active slot serves it now.
  const backups = pointSlots(backend.servers.filter((s) => s.backup), fallback, true).map((s) =>
    s.state === 'drain' && upstreams.some((u) => sameUpstream(u, s.upstream)) ? { ...s, upstream: FREE, state: 'maint' as const } : s,
  );
  const servers = [...pointSlots(backend.servers.filter((s) => !s.backup), upstreams, false), ...backups];
  return replaceBackend(m, { ...backend, hosts: normalizeHosts(hosts), servers });
}

/** `slots` pointed at `upstreams`: matching ones kept (a draining one taken back), missing ones in free slots, the rest draining. */
function pointSlots(slots: readonly ServerSlot[], upstreams: readonly Upstream[], backup: boolean): ServerSlot[] {
  const keep = slots.filter((s) => s.state !== 'maint' && upstreams.some((u) => sameUpstream(u, s.upstream)));
  const queue = upstreams.filter((u) => !keep.some((s) => sameUpstream(s.upstream, u)));
  const free = slots.filter((s) => s.state === 'maint').length;
  const grown = queue.length > free ? [...slots, ...freeServers(slots.length, Math.max(backup ? INITIAL_BACKUPS : INITIAL_SERVERS, slots.length), backup)] : slots;
  return grown.map((s): ServerSlot => {
    if (keep.includes(s)) return s.state === 'ready' ? s : { ...s, state: 'ready' };
    if (s.state === 'maint') {
      const next = queue.shift();
      return next ? { ...s, upstream: { host: next.host, port: next.port }, state: 'ready' } : s;
    }
    return { ...s, state: 'drain' };
  });
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
  const backends = model.backends.map((b) => ({ name: b.name, hosts: [], servers: b.servers.map((s) => ({ name: s.name, upstream: FREE, state: 'maint' as const, ...(s.backup ? { backup: true } : {}) })) }));
  return { ...model, daemonPort: 0, ownHosts: [], backends, redirects: [], disabled: [], certs: {} };
}

/** Backends, server counts, ports: what only a reload can change. */
export function structureOf(model: RouterModel): string {
  const slots = model.backends.map((b) => `${b.name}:${b.servers.filter((s) => !s.backup).length}+${b.servers.filter((s) => s.backup).length}`).join(',');
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
