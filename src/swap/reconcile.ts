import type { ContainerInfo, Docker } from '../docker.js';
import type { Log } from '../core/log.js';
import type { Router, Upstream } from '../router/index.js';
import type { Store } from '../store/db.js';
import { appContainers } from './index.js';
import { webEndpoint } from './endpoint.js';
import * as m from '../router/model.js';
import { LABEL } from '../docker/labels.js';

export interface ReconcileDeps {
  docker: Docker;
  router: Router;
  store: Store;
  log: Log;
  hostsOf: (app: string) => string[];
}

/**
 * What a container is to a daemon that has no deploy running for its app:
 * a process of the serving deploy (keep), a one-off the user started
 * (`run`, keep), or anything else — processes of another deploy, release
 * tasks, build and scratch containers — left by a deploy or retirement the
 * daemon didn't finish (remove).
 */
export function containerFate(c: Pick<ContainerInfo, 'labels'>, current: number | null): 'serve' | 'keep' | 'remove' {
  if (c.labels[LABEL.run]) return 'keep';
  if (c.labels[LABEL.process] && current !== null && c.labels[LABEL.deploy] === String(current)) return 'serve';
  return 'remove';
}

/**
 * Routes the app to `upstreams`. Servers it had that are not among them
 * (containers the engine restarted at another address, or an address berth
 * no longer uses) get their in-flight requests' time, then their slots back.
 */
async function rerouted(deps: ReconcileDeps, app: string, upstreams: Upstream[]): Promise<void> {
  const before = m.backendOf(deps.router.state(), app)?.servers.filter((s) => s.state === 'ready' && !s.backup) ?? [];
  const stale = before.map((s) => s.upstream).filter((u) => !upstreams.some((n) => m.sameUpstream(n, u)));
  await deps.router.setRoute(app, deps.hostsOf(app), upstreams);
  if (stale.length) void deps.router.drain(stale, STALE_DRAIN_MS).catch((err: unknown) => deps.log({ event: 'drain-failed', app, error: String(err) }));
}

const STALE_DRAIN_MS = 30_000;

/**
 * After a restart the engine's labels say what runs: route each app to the
 * running web containers of its current deploy, and remove every other
 * container of its deploys. Call it only when no deploy runs (at start).
 */
export async function reconcile(deps: ReconcileDeps): Promise<void> {
  for (const app of deps.store.apps.list()) {
    await reconcileApp(deps, app.name, { removeStrays: true }).catch((err: unknown) => deps.log({ event: 'reconcile-failed', app: app.name, error: String(err) }));
  }
}

/**
 * Starts the serving deploy's containers that are not running and points
 * the router at its web containers' current host ports (they change when
 * the engine restarts them). With `removeStrays`, the app's lock must be held.
 */
export async function reconcileApp(deps: ReconcileDeps, app: string, opts: { removeStrays: boolean }): Promise<number> {
  const current = deps.store.apps.currentDeploy(app);
  const upstreams: Upstream[] = [];
  for (const c of await appContainers(deps.docker, deps.store.instance, app)) {
    const fate = containerFate(c, current);
    if (fate === 'remove' && opts.removeStrays) await deps.docker.removeContainer(c.id);
    if (fate !== 'serve') continue;
    if (c.state !== 'running') await deps.docker.startContainer(c.id).catch((err: unknown) => deps.log({ event: 'start-failed', app, container: c.name, error: String(err) }));
    if (c.labels[LABEL.process] !== 'web') continue;
    const endpoint = await webEndpoint(deps.docker, deps.store.instance, c);
    if (endpoint) upstreams.push(endpoint);
  }
  if (upstreams.length) await rerouted(deps, app, upstreams);
  deps.log({ event: 'reconciled', app, deploy: current, upstreams: upstreams.length });
  return upstreams.length;
}
