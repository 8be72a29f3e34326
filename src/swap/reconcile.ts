import type { Docker } from '../docker.js';
import type { Log } from '../log.js';
import type { Router } from '../router/index.js';
import type { Store } from '../store/db.js';
import { appContainers } from './index.js';
import { webPortOf } from './container-spec.js';

/**
 * After a restart the engine's labels say what runs: route each app to the
 * running web containers of its current deploy, and remove containers of
 * any other deploy (left by a deploy or a retirement the daemon didn't finish).
 */
export async function reconcile(
  deps: { docker: Docker; router: Router; store: Store; log: Log },
  hostsOf: (app: string) => string[],
): Promise<void> {
  for (const app of deps.store.apps.list()) {
    const current = deps.store.apps.currentDeploy(app.name);
    const containers = await appContainers(deps.docker, deps.store.instance, app.name);
    const upstreams = [];
    for (const c of containers) {
      if (!c.labels['berth.process']) continue;
      if (current === null || c.labels['berth.deploy'] !== String(current)) {
        await deps.docker.removeContainer(c.id);
        continue;
      }
      if (c.labels['berth.process'] !== 'web') continue;
      if (c.state !== 'running') await deps.docker.startContainer(c.id).catch(() => undefined);
      const port = await deps.docker.hostPort(c.id, webPortOf(c.labels)).catch(() => undefined);
      if (port) upstreams.push({ host: '127.0.0.1', port });
    }
    if (upstreams.length) deps.router.setRoute(app.name, hostsOf(app.name), upstreams);
    deps.log({ event: 'reconciled', app: app.name, deploy: current, upstreams: upstreams.length });
  }
}
