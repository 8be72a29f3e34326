import type { ContainerInfo, Docker } from '../docker.js';
import type { Log } from '../core/log.js';
import type { Router, Upstream } from '../router/index.js';
import type { Store } from '../store/db.js';
import { appContainers } from './index.js';
import { webPortOf } from './container-spec.js';
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
    const port = await deps.docker.hostPort(c.id, webPortOf(c.labels)).catch(() => undefined);
    if (port) upstreams.push({ host: '127.0.0.1', port });
  }
  if (upstreams.length) await deps.router.setRoute(app, deps.hostsOf(app), upstreams);
  deps.log({ event: 'reconciled', app, deploy: current, upstreams: upstreams.length });
  return upstreams.length;
}
