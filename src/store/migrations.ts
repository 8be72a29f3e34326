/**
 * The database schema as numbered migrations. Each runs once, in order, in
 * its own transaction with the record of it: SQLite's user_version holds the
 * number of the last one applied, and schema_migrations says when each ran.
 * Databases made before that table existed (user_version 1–5) get it filled
 * in by migration 6. Never edit a migration that has shipped; add the next.
 */
import type Database from 'better-sqlite3';
import { UserError } from '../core/errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'apps and deploys',
    sql: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE apps (
     name TEXT PRIMARY KEY,
     created_at TEXT NOT NULL
   );
   CREATE TABLE deploys (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     app TEXT NOT NULL,
     rev TEXT NOT NULL,
     image TEXT,
     status TEXT NOT NULL,
     trigger TEXT NOT NULL,
     phases TEXT NOT NULL DEFAULT '{}',
     log_path TEXT NOT NULL,
     error TEXT,
     started_at TEXT NOT NULL,
     finished_at TEXT
   );
   CREATE INDEX deploys_app ON deploys (app, id);`,
  },
  {
    version: 2,
    name: 'ssh keys and tokens',
    sql: `CREATE TABLE ssh_keys (
     name TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL UNIQUE,
     public_key TEXT NOT NULL,
     apps TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE tokens (
     name TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     apps TEXT,
     created_at TEXT NOT NULL
   );`,
  },
  {
    version: 3,
    name: 'current deploy, app settings and config',
    sql: `ALTER TABLE apps ADD COLUMN current_deploy INTEGER;
   UPDATE apps SET current_deploy = (SELECT MAX(id) FROM deploys WHERE deploys.app = apps.name AND status = 'succeeded');
   CREATE TABLE app_settings (
     app TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (app, key)
   );
   CREATE TABLE config (
     app TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (app, key)
   );`,
  },
  {
    version: 4,
    name: 'domains',
    sql: `CREATE TABLE domains (
     domain TEXT PRIMARY KEY,
     app TEXT NOT NULL
   );
   CREATE INDEX domains_app ON domains (app);`,
  },
  {
    version: 5,
    name: 'releases: number, config and builder',
    sql: `ALTER TABLE deploys ADD COLUMN release INTEGER;
   ALTER TABLE deploys ADD COLUMN config TEXT;
   ALTER TABLE deploys ADD COLUMN builder TEXT;`,
  },
  {
    version: 6,
    name: 'a record of applied migrations',
    sql: `CREATE TABLE schema_migrations (
     version INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     applied_at TEXT
   );`,
  },
];

export const LATEST = MIGRATIONS.length;

/** Brings the database up to the latest schema; refuses one made by a newer berth. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > migrations.length) {
    throw new UserError(`the database is at schema ${from}, newer than this berth knows (${migrations.length}); upgrade berth`);
  }
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      record(db, migrations.slice(0, m.version), from);
    })();
  }
  return migrations.length - from;
}

// Every applied migration gets a row once the table exists (from 6 on); those
// that ran before this open, in a berth that kept no record, get no time.
function record(db: Database.Database, applied: readonly Migration[], from: number): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get()) return;
  const insert = db.prepare(`INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`);
  for (const m of applied) insert.run(m.version, m.name, m.version > from ? now() : null);
}

function now(): string {
  return new Date().toISOString();
}
