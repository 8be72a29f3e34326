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

  get(id: number): Deploy | undefined {
    const row = this.db.prepare(`SELECT * FROM deploys WHERE id = ?`).get(id) as Row | undefined;
    return row && toDeploy(row);
  }

  list(app: string): Deploy[] {
    const rows = this.db.prepare(`SELECT * FROM deploys WHERE app = ? ORDER BY id`).all(app) as Row[];
    return rows.map(toDeploy);
  }

  /** The deploy currently serving: the newest that succeeded. */
  current(app: string): Deploy | undefined {
    const row = this.db
      .prepare(`SELECT * FROM deploys WHERE app = ? AND status = 'succeeded' ORDER BY id DESC LIMIT 1`)
      .get(app) as Row | undefined;
    return row && toDeploy(row);
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
  };
}
