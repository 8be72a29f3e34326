/**
 * The daemon's cron scheduler: one croner job per app.json cron entry of
 * every deployed app, kept in step with the store every few seconds. Runs
 * missed while the daemon was down are not made up (croner does not catch up).
 */
import { Cron } from 'croner';
import type { Services } from '../core/services.js';
import { cronEntries, runCron, suspendedJobs } from './run.js';

const SYNC_MS = 2_000;

export class CronScheduler {
  private readonly jobs = new Map<string, Cron>();
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;

  constructor(private readonly s: Services) {}

  start(): void {
    this.sync();
    this.timer = setInterval(() => this.sync(), SYNC_MS);
    this.timer.unref();
  }

  /** Stops scheduling and kills runs in flight (their exit is still logged). */
  stop(): void {
    clearInterval(this.timer);
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    this.abort.abort();
  }

  /** Adds jobs for new entries, drops those of suspended, changed or removed ones. */
  sync(): void {
    const wanted = new Map<string, { app: string; id: string; schedule: string }>();
    for (const { name: app } of this.s.store.apps.list()) {
      if (this.s.store.apps.currentDeploy(app) === null) continue;
      const suspended = suspendedJobs(this.s, app);
      for (const e of cronEntries(this.s, app)) if (!suspended.includes(e.id)) wanted.set(`${app}\t${e.id}`, { app, id: e.id, schedule: e.schedule });
    }
    for (const [key, job] of this.jobs) {
      if (wanted.has(key)) continue;
      job.stop();
      this.jobs.delete(key);
    }
    for (const [key, w] of wanted) {
      if (this.jobs.has(key)) continue;
      // protect: croner skips a tick while the previous run of the job is still going.
      this.jobs.set(key, new Cron(w.schedule, { protect: true }, () => this.fire(w.app, w.id)));
    }
  }

  private async fire(app: string, id: string): Promise<void> {
    const entry = cronEntries(this.s, app).find((e) => e.id === id);
    if (!entry || suspendedJobs(this.s, app).includes(id)) return;
    await runCron(this.s, app, entry, 'schedule', undefined, this.abort.signal).catch((err: unknown) => this.s.log({ event: 'cron-failed', app, job: id, error: String(err) }));
  }
}
