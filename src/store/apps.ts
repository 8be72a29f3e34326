import type { Db } from './db.js';

export interface App {
  name: string;
  createdAt: string;
}

export class AppStore {
  constructor(private readonly db: Db) {}

  list(): App[] {
    const rows = this.db.prepare(`SELECT name, created_at FROM apps ORDER BY name`).all() as Row[];
    return rows.map(toApp);
  }

  get(name: string): App | undefined {
    const row = this.db.prepare(`SELECT name, created_at FROM apps WHERE name = ?`).get(name) as Row | undefined;
    return row && toApp(row);
  }

  /** Inserts the app; returns false if it already existed. */
  create(name: string): boolean {
    const res = this.db
      .prepare(`INSERT OR IGNORE INTO apps (name, created_at) VALUES (?, ?)`)
      .run(name, new Date().toISOString());
    return res.changes === 1;
  }

  remove(name: string): void {
    this.db.transaction(() => {
      for (const table of ['deploys', 'app_settings', 'config', 'domains']) this.db.prepare(`DELETE FROM ${table} WHERE app = ?`).run(name);
      this.db.prepare(`DELETE FROM apps WHERE name = ?`).run(name);
    })();
  }

  /** Moves every record of an app to a new name, in one transaction; image tags move from one repo prefix to the other. */
  rename(from: string, to: string, images: { from: string; to: string }): void {
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO apps (name, created_at, current_deploy) SELECT ?, created_at, current_deploy FROM apps WHERE name = ?`).run(to, from);
      for (const table of ['deploys', 'app_settings', 'config', 'domains']) this.db.prepare(`UPDATE ${table} SET app = ? WHERE app = ?`).run(to, from);
      this.db.prepare(`UPDATE deploys SET image = ? || substr(image, ?) WHERE app = ? AND substr(image, 1, ?) = ?`).run(images.to, images.from.length + 1, to, images.from.length, images.from);
      this.db.prepare(`DELETE FROM apps WHERE name = ?`).run(from);
    })();
  }

  /** The deploy whose containers serve the app (null: none). */
  currentDeploy(name: string): number | null {
    const row = this.db.prepare(`SELECT current_deploy FROM apps WHERE name = ?`).get(name) as { current_deploy: number | null } | undefined;
    return row?.current_deploy ?? null;
  }

  setCurrentDeploy(name: string, deployId: number | null): void {
    this.db.prepare(`UPDATE apps SET current_deploy = ? WHERE name = ?`).run(deployId, name);
  }
}

interface Row {
  name: string;
  created_at: string;
}

function toApp(row: Row): App {
  return { name: row.name, createdAt: row.created_at };
}
