/**
 * Follows the Docker engine's container events, so the router follows the
 * containers when the engine restarts them (an engine restart or a host
 * reboot gives them new host ports). When the engine goes away the watch
 * waits for it with a growing pause and, once it answers again, re-reads
 * every app.
 */
import type { EngineEvent } from '../docker.js';
import { instanceLabels, LABEL } from '../docker/labels.js';
import type { Services } from '../core/services.js';
import { reconcileApp, type ReconcileDeps } from '../swap/reconcile.js';

const MIN_PAUSE_MS = 250;
const MAX_PAUSE_MS = 2_000;
// Containers of one app start together: one re-read for the lot.
const SETTLE_MS = 100;

export interface EngineWatch {
  stop(): Promise<void>;
}

export function watchEngine(s: Services, deps: ReconcileDeps): EngineWatch {
  const abort = new AbortController();
  const pending = new Map<string, NodeJS.Timeout>();
  const work = new Set<Promise<void>>();
  const refresh = (app: string, removeStrays: boolean) => {
    const job = refreshApp(s, deps, app, removeStrays);
    work.add(job);
    void job.finally(() => work.delete(job));
  };
  const onEvent = (e: EngineEvent) => {
    const app = e.labels[LABEL.app];
    if (e.action !== 'start' || !app || !e.labels[LABEL.process]) return;
    // A deploy's own new containers are routed by its swap.
    if (e.labels[LABEL.deploy] !== String(s.store.apps.currentDeploy(app))) return;
    clearTimeout(pending.get(app));
    pending.set(app, setTimeout(() => (pending.delete(app), refresh(app, false)), SETTLE_MS));
  };
  const loop = follow(s, onEvent, (wasDown) => {
    for (const app of s.store.apps.list()) refresh(app.name, wasDown);
  }, abort.signal);
  return {
    async stop() {
      abort.abort();
      for (const timer of pending.values()) clearTimeout(timer);
      await loop;
      await Promise.allSettled([...work]);
    },
  };
}

async function follow(s: Services, onEvent: (e: EngineEvent) => void, onResume: (wasDown: boolean) => void, signal: AbortSignal): Promise<void> {
  let pause = MIN_PAUSE_MS;
  let wasDown = false;
  let first = true;
  while (!signal.aborted) {
    try {
      const events = await s.docker.followEvents(instanceLabels(s.store.instance), onEvent, signal);
      if (!first) s.log({ event: 'engine-events-resumed', afterOutage: wasDown });
      // Subscribed first, then re-read: a container started in between is seen twice, never missed.
      if (!first) onResume(wasDown);
      first = false;
      wasDown = false;
      pause = MIN_PAUSE_MS;
      await events.ended;
      if (!signal.aborted) s.log({ event: 'engine-events-ended' });
    } catch (err) {
      if (!wasDown && !signal.aborted) s.log({ event: 'engine-unreachable', error: String(err) });
      wasDown = true;
      first = false;
    }
    await sleep(pause, signal);
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }
}

// Under the app's lock: a deploy in progress routes its own containers, and
// strays may only be removed when no deploy is making new ones.
async function refreshApp(s: Services, deps: ReconcileDeps, app: string, removeStrays: boolean): Promise<void> {
  const release = await s.locks.acquire(app);
  try {
    if (!s.store.apps.get(app)) return;
    await reconcileApp(deps, app, { removeStrays });
  } catch (err) {
    s.log({ event: 'reconcile-failed', app, error: String(err) });
  } finally {
    release();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
