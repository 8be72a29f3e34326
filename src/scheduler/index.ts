/** Which scheduler runs an app (`scheduler:set`), and building it from the daemon's services. */
import { UserError } from '../core/errors.js';
import { inBackground, type Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';
import { DOCKER_LOCAL, dockerLocal } from './docker-local.js';
import { registryOf } from './swarm/registry.js';
import { SWARM, swarmScheduler } from './swarm/index.js';
import type { Scheduler } from './types.js';

/** The schedulers this berth has; `scheduler:set` accepts only these. */
export const SCHEDULERS: readonly string[] = [DOCKER_LOCAL, SWARM];

/** Refuses a name berth has no scheduler for, in one line. */
export function checkSchedulerName(name: string): void {
  if (!SCHEDULERS.includes(name)) throw new UserError(`unknown scheduler ${name} (${SCHEDULERS.join(', ')})`);
}

/** Like Dokku: the app's own choice, else the global one, else docker-local. */
export function selectedScheduler(app: string | undefined, stored: { app?: string; global?: string }): string {
  return (app === undefined ? undefined : stored.app) || stored.global || DOCKER_LOCAL;
}

export function schedulerName(s: Pick<Services, 'store'>, app: string): string {
  return selectedScheduler(app, { app: s.store.settings.get(app, SETTING.schedulerSelected), global: s.store.settings.get(GLOBAL, SETTING.schedulerSelected) });
}

/** The app's scheduler, wired to the daemon's engine, router and background work. */
export function schedulerFor(s: Services, app: string): Scheduler {
  const name = schedulerName(s, app);
  checkSchedulerName(name);
  const deps = {
    docker: s.docker,
    router: s.router,
    instance: s.store.instance,
    log: s.log,
    readyTimeoutMs: s.settings.readyTimeout * 1000,
    background: (what: string, work: Promise<unknown>) => inBackground(s, what, work),
  };
  if (name === SWARM) return swarmScheduler({ ...deps, registry: () => registryOf((key) => ({ app: s.store.settings.get(app, key), global: s.store.settings.get(GLOBAL, key) })) });
  return dockerLocal(deps);
}
