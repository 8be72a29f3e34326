import { GLOBAL } from './config.js';
import type { Db } from './db.js';

/** Per-app settings by key (`checks.wait`, `ps.restart-policy`, `scale.web` …). */
export class SettingStore {
  constructor(private readonly db: Db) {}

  get(app: string, key: string): string | undefined {
    const row = this.db.prepare(`SELECT value FROM app_settings WHERE app = ? AND key = ?`).get(app, key) as { value: string } | undefined;
    return row?.value;
  }

  set(app: string, key: string, value: string): void {
    this.db.prepare(`INSERT INTO app_settings (app, key, value) VALUES (?, ?, ?) ON CONFLICT (app, key) DO UPDATE SET value = excluded.value`).run(app, key, value);
  }

  unset(app: string, key: string): void {
    this.db.prepare(`DELETE FROM app_settings WHERE app = ? AND key = ?`).run(app, key);
  }

  /** The app's settings over the global ones (`--global` setters), for what a deploy reads. */
  effective(app: string, prefix: string): Record<string, string> {
    return { ...this.withPrefix(GLOBAL, prefix), ...this.withPrefix(app, prefix) };
  }

  /** Every setting of the app whose key starts with `prefix`. */
  withPrefix(app: string, prefix: string): Record<string, string> {
    const rows = this.db.prepare(`SELECT key, value FROM app_settings WHERE app = ? AND key LIKE ? ORDER BY key`).all(app, `${prefix}%`) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
