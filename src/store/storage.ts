import type { Db } from './db.js';
import type { StorageEntry } from '../runtime/storage.js';

/**
 * Named storage entries. Their schema is this one block, kept apart from
 * db.ts so it can become a versioned migration as is. An app's mounts live in
 * its settings (`storage.mounts`), so apps:rename and apps:destroy carry them.
 */
export const STORAGE_SCHEMA = `CREATE TABLE IF NOT EXISTS storage_entries (
  name TEXT PRIMARY KEY,
  host_path TEXT NOT NULL,
  app TEXT,
  created_at TEXT NOT NULL
);`;

interface Row {
  name: string;
  host_path: string;
  app: string | null;
}

export class StorageStore {
  constructor(private readonly db: Db) {
    db.exec(STORAGE_SCHEMA);
  }

  list(): StorageEntry[] {
    return (this.db.prepare(`SELECT name, host_path, app FROM storage_entries ORDER BY name`).all() as Row[]).map(toEntry);
  }

  get(name: string): StorageEntry | undefined {
    const row = this.db.prepare(`SELECT name, host_path, app FROM storage_entries WHERE name = ?`).get(name) as Row | undefined;
    return row && toEntry(row);
  }

  create(e: StorageEntry): boolean {
    const res = this.db.prepare(`INSERT OR IGNORE INTO storage_entries (name, host_path, app, created_at) VALUES (?, ?, ?, ?)`).run(e.name, e.hostPath, e.app, new Date().toISOString());
    return res.changes === 1;
  }

  remove(name: string): void {
    this.db.prepare(`DELETE FROM storage_entries WHERE name = ?`).run(name);
  }

  /** apps:rename: entries made for the old name belong to the new one. */
  renameApp(from: string, to: string): void {
    this.db.prepare(`UPDATE storage_entries SET app = ? WHERE app = ?`).run(to, from);
  }
}

function toEntry(r: Row): StorageEntry {
  return { name: r.name, hostPath: r.host_path, app: r.app };
}
