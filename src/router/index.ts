/**
 * The daemon's face of the router: HAProxy, its own process, driven through
 * its runtime API. Every change is made to the model first. A structural
 * change (more slots, other ports) is written to the files (haproxy.cfg
 * checked first, so a bad one never replaces a good one) and reloads; any
 * other goes through the socket, then to the files.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Log } from '../core/log.js';
import { commandsBetween, flatFromRuntime, flatten, type Flat } from './apply.js';
import { certPath, DEFAULT_LIMITS, renderConfig, renderCrtList, renderMap, hostsMap, redirectMap, type Limits, type RouterFiles } from './config.js';
import * as m from './model.js';
import { act, ask, parseMap, parseStat, type ServerStat } from './runtime.js';
import { ensureBaseFiles, freePort, installConfig, isRunning, reload, routerFiles, start, stop, writeAtomic } from './process.js';

export type { Upstream } from './model.js';
export { routerFiles } from './process.js';

export interface RouterOptions {
  home: string;
  bind: string;
  /** 0 keeps the running router's port, else picks a free one. */
  httpPort: number;
  httpsPort: number;
  log: Log;
  limits?: Limits;
}

export class Router {
  private queue: Promise<unknown> = Promise.resolve();
  /** Files still being written for changes already applied at run time; whatever writes files next waits for them. */
  private pendingFiles: Promise<void> = Promise.resolve();

  private constructor(
    readonly files: RouterFiles,
    private model: m.RouterModel,
    private readonly log: Log,
    private readonly limits: Limits,
  ) {}

  /** Attaches to this home's running router, or starts one; either way its state matches the model after. */
  static async open(opts: RouterOptions): Promise<Router> {
    const files = routerFiles(opts.home);
    await ensureBaseFiles(files);
    const saved = await loadModel(files);
    const running = saved !== undefined && (await isRunning(files));
    const keep = (wanted: number, had: number | undefined) => (wanted !== 0 ? wanted : running && had ? had : 0);
    const base = saved ?? m.emptyModel({ bind: opts.bind, httpPort: 0, httpsPort: 0, daemonPort: 0 });
    const httpPort = keep(opts.httpPort, saved?.httpPort) || (await freePort(opts.bind));
    const httpsPort = keep(opts.httpsPort, saved?.httpsPort) || (await freePort(opts.bind));
    // Servers left draining by a daemon that stopped: nobody waits on them any more.
    const draining = base.backends.flatMap((b) => b.servers.filter((s) => s.state === 'drain').map((s) => s.upstream));
    const router = new Router(files, { ...m.withBackupSlots(m.withRetired(base, draining)), bind: opts.bind, httpPort, httpsPort }, opts.log, opts.limits ?? DEFAULT_LIMITS);
    await router.install(router.model, running ? 'attach' : 'start', saved);
    return router;
  }

  get ports(): { http: number; https: number } {
    return { http: this.model.httpPort, https: this.model.httpsPort };
  }

  /**
   * Atomically switches the app's hosts and web upstreams; the old upstreams
   * drain (see drain()). `fallback` takes requests only while none of
   * `upstreams` is up (the release being replaced, through its uptime window).
   */
  setRoute(app: string, hosts: string[], upstreams: m.Upstream[], fallback: m.Upstream[] = []): Promise<void> {
    return this.change((model) => m.withRoute(model, app, hosts, upstreams, fallback));
  }

  setHosts(app: string, hosts: string[]): Promise<void> {
    return this.change((model) => m.withHosts(model, app, hosts));
  }

  /** Stops serving the app; its hosts answer 404 from now on. */
  removeRoute(app: string): Promise<void> {
    return this.change((model) => m.withoutRoute(model, app));
  }

  /** Removes the routes of apps not in `apps` (destroyed while the daemon was down). */
  retain(apps: string[]): Promise<void> {
    return this.change((model) => model.backends.reduce((acc, b) => (b.app && !apps.includes(b.app) ? m.withoutRoute(acc, b.app) : acc), model));
  }

  /** ACME challenges and berth's own names go to the daemon's HTTP server on `port`. */
  setDaemonPort(port: number): Promise<void> {
    return this.change((model) => ({ ...model, daemonPort: port }));
  }

  /** berth's own names (the global domains): git and berth's HTTP endpoint through the router. */
  setOwnHosts(hosts: string[]): Promise<void> {
    return this.change((model) => ({ ...model, ownHosts: m.normalizeHosts(hosts) }));
  }

  setHttpsRedirect(app: string, on: boolean): Promise<void> {
    return this.change((model) => ({ ...model, redirects: m.withFlag(model.redirects, app, on) }));
  }

  /** proxy:disable / proxy:enable: the app's hosts leave (or rejoin) the router; its containers keep running. */
  setEnabled(app: string, on: boolean): Promise<void> {
    return this.change((model) => ({ ...model, disabled: m.withFlag(model.disabled, app, !on) }));
  }

  isEnabled(app: string): boolean {
    return !this.model.disabled.includes(app);
  }

  /**
   * Waits until nothing is in flight on the draining `upstreams` (true), or
   * the deadline (false: their remaining sessions, WebSockets included, are
   * shut). Either way their server slots are freed.
   */
  async drain(upstreams: m.Upstream[], deadlineMs: number): Promise<boolean> {
    const deadline = Date.now() + deadlineMs;
    await this.change((model) => m.withDraining(model, upstreams));
    const ids = () => this.serverIds((s) => s.state === 'drain' && upstreams.some((u) => m.sameUpstream(u, s.upstream)));
    let drained = false;
    for (;;) {
      const busy = (await this.stats()).filter((s) => ids().includes(`${s.backend}/${s.server}`) && s.current > 0);
      if (!busy.length) {
        drained = true;
        break;
      }
      if (Date.now() >= deadline) {
        for (const s of busy) await ask(this.files.adminSocket, `shutdown sessions server ${s.backend}/${s.server}`);
        break;
      }
      await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, deadline - Date.now()))));
    }
    await this.change((model) => m.withRetired(model, upstreams));
    return drained;
  }

  /** Requests and upgraded connections now in flight to `upstream`. */
  async inflight(upstream: m.Upstream): Promise<number> {
    const addr = `${upstream.host}:${upstream.port}`;
    return (await this.stats()).filter((s) => s.addr === addr).reduce((n, s) => n + s.current, 0);
  }

  /** Loads or replaces a certificate at run time (no reload) and keeps crt-list in step. */
  setCertificate(name: string, hosts: string[], pemBundle: string): Promise<void> {
    return this.serial(async () => {
      const path = certPath(this.files, name);
      const known = name in this.model.certs;
      await writeFile(path, pemBundle, { mode: 0o600 });
      const next = { ...this.model, certs: { ...this.model.certs, [name]: m.normalizeHosts(hosts) } };
      if (!(await this.live())) return this.persist(next);
      const sock = this.files.adminSocket;
      if (!known) await act(sock, `new ssl cert ${path}`, /New empty certificate store/);
      await act(sock, `set ssl cert ${path}`, /Transaction (created|updated)/, pemBundle);
      await act(sock, `commit ssl cert ${path}`, /Success!/);
      // A replaced certificate with the same names keeps its crt-list line: the
      // commit above swapped it in place, and a del-then-add would leave a
      // moment where SNI matches nothing and the default certificate answers.
      const sameHosts = known && sameList(this.model.certs[name] ?? [], m.normalizeHosts(hosts));
      if (known && !sameHosts) await act(sock, `del ssl crt-list ${this.files.crtList} ${path}`, /deleted|Entry/);
      if (!sameHosts) await act(sock, `add ssl crt-list ${this.files.crtList}`, /Success!/, [path, ...m.normalizeHosts(hosts)].join(' '));
      await this.persist(next);
    });
  }

  removeCertificate(name: string): Promise<void> {
    return this.serial(async () => {
      if (!(name in this.model.certs)) return;
      const path = certPath(this.files, name);
      const certs = { ...this.model.certs };
      delete certs[name];
      const next = { ...this.model, certs };
      if (await this.live()) {
        await act(this.files.adminSocket, `del ssl crt-list ${this.files.crtList} ${path}`, /deleted/);
        await act(this.files.adminSocket, `del ssl cert ${path}`, /deleted/);
      }
      await this.persist(next);
      await rm(path, { force: true });
    });
  }

  /** haproxy:start: starts this home's haproxy from its files when none runs; false when one already did. */
  async startProcess(): Promise<boolean> {
    return this.serial(async () => {
      if (await this.live()) return false;
      await this.install(this.model, 'start');
      return true;
    });
  }

  /** haproxy:stop. */
  stopProcess(): Promise<boolean> {
    return this.serial(() => stop(this.files));
  }

  async running(): Promise<boolean> {
    return this.live();
  }

  /** haproxy.cfg as written, once the files of changes already applied are. */
  async configText(): Promise<string> {
    await this.pendingFiles;
    return readFile(this.files.config, 'utf8');
  }

  /** What the report commands show. */
  state(): m.RouterModel {
    return this.model;
  }

  stats(): Promise<ServerStat[]> {
    return ask(this.files.adminSocket, 'show stat -1 4 -1').then(parseStat);
  }

  /** The daemon stopping leaves the router running; only pending changes are awaited. */
  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.pendingFiles;
  }

  private serverIds(pick: (s: m.ServerSlot) => boolean): string[] {
    return this.model.backends.flatMap((b) => b.servers.filter(pick).map((s) => `${b.name}/${s.name}`));
  }

  private change(next: (model: m.RouterModel) => m.RouterModel): Promise<void> {
    return this.serial(() => this.install(next(this.model), 'change'));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async live(): Promise<boolean> {
    return isRunning(this.files);
  }

  /**
   * Files first (config checked), then the running haproxy: started, reloaded
   * when the structure changed, else brought in line through the socket.
   */
  private async install(next: m.RouterModel, how: 'start' | 'attach' | 'change', previous: m.RouterModel = this.model): Promise<void> {
    const structural = how === 'attach' ? await this.needsReload(previous, next) : m.structureOf(next) !== m.structureOf(previous);
    const running = how === 'start' ? false : await this.live();
    if (how === 'change' && running && !structural) {
      // Servers and maps only: the running haproxy takes them through its socket
      // now. The maps and state.json are written before this resolves, so a
      // daemon killed now restarts from the truth; haproxy.cfg, checked by
      // `haproxy -c` (~100 ms), follows, before anything else writes it.
      await this.sync(next);
      await this.writeMaps(next);
      await this.writeModel(next);
      this.model = next;
      this.pendingFiles = this.pendingFiles.then(() => this.writeConfig(next)).catch((err: unknown) => this.log({ event: 'router-files-failed', error: String(err) }));
      return;
    }
    await this.persist(next);
    if (how === 'start' || !running) {
      if (how === 'change') return this.log({ event: 'router-down', message: 'haproxy is not running; the change is in its config for the next start' });
      await start(this.files);
      this.log({ event: 'router-started', http: next.httpPort, https: next.httpsPort });
      return;
    }
    if (structural) {
      await reload(this.files);
      this.log({ event: 'router-reloaded', backends: next.backends.length });
    }
    await this.sync(next);
  }

  // A running router whose config is not what berth would write (berth was upgraded), or whose
  // skeleton (ports, slots, limits) changed, needs a reload; servers and maps are set at run time.
  private async needsReload(previous: m.RouterModel, next: m.RouterModel): Promise<boolean> {
    const onDisk = await readFile(this.files.config, 'utf8').catch(() => '');
    // A server's address and state may lag on disk (they go through the socket
    // first, the file after): those the socket sets right, so they need no reload.
    const why = firstDifference(withoutServerTargets(onDisk), withoutServerTargets(this.render(previous))) ?? firstDifference(this.render(m.skeletonOf(previous)), this.render(m.skeletonOf(next)));
    if (why) this.log({ event: 'router-reload-needed', why });
    return why !== undefined;
  }

  /** Applies what differs between the running haproxy and `model`. */
  private async sync(model: m.RouterModel): Promise<void> {
    const sock = this.files.adminSocket;
    const [stats, hosts, redirects] = await Promise.all([this.stats(), ask(sock, `show map ${this.files.hostsMap}`), ask(sock, `show map ${this.files.redirectMap}`)]);
    const runtime: Flat = flatFromRuntime(stats, parseMap(hosts), parseMap(redirects));
    for (const c of commandsBetween(runtime, flatten(model), this.files)) await act(sock, c.command, c.ok);
  }

  private render(model: m.RouterModel): string {
    return renderConfig(model, this.files, this.limits);
  }

  private async persist(next: m.RouterModel): Promise<void> {
    await this.pendingFiles;
    await this.writeMaps(next);
    await this.writeConfig(next);
    await this.writeModel(next);
    this.model = next;
  }

  /** What haproxy.cfg refers to, then haproxy.cfg itself, checked. */
  private async writeConfig(next: m.RouterModel): Promise<void> {
    await writeAtomic(this.files.crtList, renderCrtList(next, this.files));
    await installConfig(this.files, this.render(next));
  }

  /** The maps haproxy loads at its next start. */
  private async writeMaps(next: m.RouterModel): Promise<void> {
    await writeAtomic(this.files.hostsMap, renderMap(hostsMap(next)));
    await writeAtomic(this.files.redirectMap, renderMap(redirectMap(next)));
  }

  /** The model the daemon loads at its next start. */
  private async writeModel(next: m.RouterModel): Promise<void> {
    await writeAtomic(stateFile(this.files), `${JSON.stringify(next, null, 1)}\n`);
  }
}

function stateFile(files: RouterFiles): string {
  return `${files.dir}/state.json`;
}

async function loadModel(files: RouterFiles): Promise<m.RouterModel | undefined> {
  const text = await readFile(stateFile(files), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as m.RouterModel) : undefined;
}

function withoutServerTargets(config: string): string {
  return config.replace(/^( {2}server \S+) \S+( backup)?( disabled)?/gm, '$1$2');
}

/** The first line where two configs differ, both sides shown; undefined when they are the same. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const [x, y] = [a.split('\n'), b.split('\n')];
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i === -1 ? x.length : i;
  return `line ${at + 1}: ${JSON.stringify(x[at] ?? '')} / ${JSON.stringify(y[at] ?? '')}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
