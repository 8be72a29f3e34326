import type { Docker } from '../docker.js';
import type { Log } from './log.js';
import type { Settings } from './settings.js';
import type { Store } from '../store/db.js';
import type { Router } from '../router/index.js';
import type { AppLocks } from '../deploy/lock.js';
import type { PushRegistry } from '../receive/pushes.js';
import type { Challenges } from '../tls/challenges.js';

/** What the daemon's parts are handed; built once in the daemon, never global. */
export interface Services {
  readonly settings: Settings;
  /** The ports actually bound (settings may say 0). */
  readonly ports: { http: number; ssh: number; router: number; routerTls: number };
  readonly store: Store;
  readonly docker: Docker;
  readonly router: Router;
  readonly log: Log;
  readonly locks: AppLocks;
  readonly pushes: PushRegistry;
  /** ACME HTTP-01 answers while an order is in progress. */
  readonly challenges: Challenges;
  /** Work that outlives a request (retiring old containers); awaited at shutdown. */
  readonly background: Set<Promise<unknown>>;
}

/** Runs `work` in the background, logged if it fails, tracked for shutdown. */
export function inBackground(s: Pick<Services, 'background' | 'log'>, what: string, work: Promise<unknown>): void {
  const tracked = work.catch((err: unknown) => s.log({ event: 'background-failed', what, error: String(err) }));
  s.background.add(tracked);
  void tracked.finally(() => s.background.delete(tracked));
}
