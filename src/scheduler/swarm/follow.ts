/**
 * Keeps the router in step with the swarm between deploys: Swarm moves
 * tasks (a node lost, a task restarted elsewhere), so every second the
 * serving deploy's web tasks are read again and each endpoint is asked over
 * HTTP; the router gets exactly those that answer. A stopped node's tasks
 * stop answering at once, long before Swarm marks the node down (10–12 s),
 * and a rescheduled task is routed to only once it answers.
 */
import { appHosts } from '../../deploy/hosts.js';
import { LABEL, appLabels } from '../../docker/labels.js';
import type { Upstream } from '../../router/index.js';
import type { Services } from '../../core/services.js';
import { httpGet } from '../../swap/check.js';
import { schedulerName } from '../index.js';
import { readInstances } from './release.js';
import { SWARM } from './index.js';
import { routable } from './tasks.js';

const EVERY_MS = 1000;
const PROBE_MS = 800;

export class SwarmRoutes {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  /** What the router was last given per app, as a comparable key. */
  private readonly applied = new Map<string, string>();

  constructor(private readonly s: Services) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.tick()).catch((err: unknown) => this.s.log({ event: 'swarm-follow-failed', error: String(err) }));
    }, EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    const { store } = this.s;
    // An app being deployed is routed by its deploy; the current deploy changes only under its lock.
    const apps = store.apps.list().map((a) => a.name).filter((a) => schedulerName(this.s, a) === SWARM && store.apps.currentDeploy(a) !== null && !this.s.locks.isHeld(a));
    for (const app of apps) await this.follow(app, store.apps.currentDeploy(app) as number);
  }

  private async follow(app: string, deployId: number): Promise<void> {
    const services = (await this.s.docker.swarm.services(appLabels(this.s.store.instance, app))).filter((x) => x.labels[LABEL.process] === 'web' && x.labels[LABEL.deploy] === String(deployId));
    if (!services.length) return;
    const endpoints = routable(await readInstances(this.s.docker, services.map((x) => x.name))).map((i) => i.endpoint as Upstream);
    const answers = await Promise.all(endpoints.map(async (e) => typeof (await httpGet(e.port, '/', PROBE_MS, e.host)) !== 'string'));
    const live = endpoints.filter((_, i) => answers[i]);
    // With none answering, the last upstreams are kept: HAProxy's retries may still find one.
    if (!live.length) return;
    const key = live.map((e) => `${e.host}:${e.port}`).sort().join(' ');
    if (this.applied.get(app) === key || this.s.locks.isHeld(app)) return;
    await this.s.router.setRoute(app, appHosts(this.s, app), live);
    this.applied.set(app, key);
    this.s.log({ event: 'swarm-routed', app, deploy: deployId, upstreams: key });
  }
}
