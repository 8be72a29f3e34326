import type { Db } from './db.js';

/** The global config is stored under this app name, which no app can have. */
export const GLOBAL = '--global';

/** Environment variables per app (and global), as `config:set` keeps them. */
export class ConfigStore {
  constructor(private readonly db: Db) {}

  all(app: string): Record<string, string> {
    const rows = this.db.prepare(`SELECT key, value FROM config WHERE app = ? ORDER BY key`).all(app) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /** What a container of the app gets: the global config overlaid by the app's. */
  env(app: string): Record<string, string> {
    return { ...this.all(GLOBAL), ...this.all(app) };
  }

  set(app: string, values: Record<string, string>): void {
    const stmt = this.db.prepare(`INSERT INTO config (app, key, value) VALUES (?, ?, ?) ON CONFLICT (app, key) DO UPDATE SET value = excluded.value`);
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) stmt.run(app, k, v);
    })();
  }

  unset(app: string, keys: string[]): void {
    const stmt = this.db.prepare(`DELETE FROM config WHERE app = ? AND key = ?`);
    this.db.transaction(() => {
      for (const k of keys) stmt.run(app, k);
    })();
  }
}
