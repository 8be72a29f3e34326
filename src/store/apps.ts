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
      this.db.prepare(`DELETE FROM deploys WHERE app = ?`).run(name);
      this.db.prepare(`DELETE FROM apps WHERE name = ?`).run(name);
    })();
  }
}

interface Row {
  name: string;
  created_at: string;
}

function toApp(row: Row): App {
  return { name: row.name, createdAt: row.created_at };
}
