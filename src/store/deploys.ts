import type { Db } from './db.js';

export type DeployStatus = 'running' | 'succeeded' | 'failed';
export type Phases = Record<string, number>;

export interface Deploy {
  id: number;
  app: string;
  rev: string;
  image: string | null;
  status: DeployStatus;
  trigger: string;
  phases: Phases;
  logPath: string;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The app's release number, once the deploy succeeded. */
  release: number | null;
  builder: string | null;
}

export class DeployStore {
  constructor(private readonly db: Db) {}

  /** Records a deploy as running; the id names its image and log. */
  start(app: string, rev: string, trigger: string, logPathFor: (id: number) => string): Deploy {
    return this.db.transaction(() => {
      const res = this.db
        .prepare(`INSERT INTO deploys (app, rev, status, trigger, log_path, started_at) VALUES (?, ?, 'running', ?, '', ?)`)
        .run(app, rev, trigger, new Date().toISOString());
      const id = Number(res.lastInsertRowid);
      this.db.prepare(`UPDATE deploys SET log_path = ? WHERE id = ?`).run(logPathFor(id), id);
      return this.get(id) as Deploy;
    })();
  }

  finish(id: number, outcome: { status: DeployStatus; image?: string; phases: Phases; error?: string }): void {
    this.db
      .prepare(`UPDATE deploys SET status = ?, image = COALESCE(?, image), phases = ?, error = ?, finished_at = ? WHERE id = ?`)
      .run(outcome.status, outcome.image ?? null, JSON.stringify(outcome.phases), outcome.error ?? null, new Date().toISOString(), id);
  }

  /** Numbers a deploy that went live as the app's next release, with the config and builder it ran with. */
  markReleased(id: number, config: Record<string, string>, builder: string): number {
    return this.db.transaction(() => {
      const app = (this.get(id) as Deploy).app;
      const row = this.db.prepare(`SELECT COALESCE(MAX(release), 0) + 1 AS n FROM deploys WHERE app = ?`).get(app) as { n: number };
      this.db.prepare(`UPDATE deploys SET release = ?, config = ?, builder = ? WHERE id = ?`).run(row.n, JSON.stringify(config), builder, id);
      return row.n;
    })();
  }

  byRelease(app: string, release: number): Deploy | undefined {
    const row = this.db.prepare(`SELECT * FROM deploys WHERE app = ? AND release = ?`).get(app, release) as Row | undefined;
    return row && toDeploy(row);
  }

  /** The config a release ran with (never shown; used by rollback). */
  configOf(id: number): Record<string, string> {
    const row = this.db.prepare(`SELECT config FROM deploys WHERE id = ?`).get(id) as { config: string | null } | undefined;
    return row?.config ? (JSON.parse(row.config) as Record<string, string>) : {};
  }

  get(id: number): Deploy | undefined {
    const row = this.db.prepare(`SELECT * FROM deploys WHERE id = ?`).get(id) as Row | undefined;
    return row && toDeploy(row);
  }

  list(app: string): Deploy[] {
    const rows = this.db.prepare(`SELECT * FROM deploys WHERE app = ? ORDER BY id`).all(app) as Row[];
    return rows.map(toDeploy);
  }

  /** Deploys left 'running' by a daemon that died are failed, not pending. */
  failInterrupted(): number {
    return this.db
      .prepare(`UPDATE deploys SET status = 'failed', error = 'interrupted: the daemon stopped', finished_at = ? WHERE status = 'running'`)
      .run(new Date().toISOString()).changes;
  }
}

interface Row {
  id: number;
  app: string;
  rev: string;
  image: string | null;
  status: DeployStatus;
  trigger: string;
  phases: string;
  log_path: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  release: number | null;
  config: string | null;
  builder: string | null;
}

function toDeploy(row: Row): Deploy {
  return {
    id: row.id,
    app: row.app,
    rev: row.rev,
    image: row.image,
    status: row.status,
    trigger: row.trigger,
    phases: JSON.parse(row.phases) as Phases,
    logPath: row.log_path,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    release: row.release,
    builder: row.builder,
  };
}
