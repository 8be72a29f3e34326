import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AppStore } from './apps.js';
import { DeployStore } from './deploys.js';
import { CredentialStore } from './credentials.js';
import { SettingStore } from './settings.js';
import { ConfigStore } from './config.js';
import { DomainStore } from './domains.js';

export type Db = Database.Database;

// Each entry runs once, in order; the index is the schema version.
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
  `CREATE TABLE ssh_keys (
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
  `ALTER TABLE apps ADD COLUMN current_deploy INTEGER;
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
  `CREATE TABLE domains (
     domain TEXT PRIMARY KEY,
     app TEXT NOT NULL
   );
   CREATE INDEX domains_app ON domains (app);`,
  `ALTER TABLE deploys ADD COLUMN release INTEGER;
   ALTER TABLE deploys ADD COLUMN config TEXT;
   ALTER TABLE deploys ADD COLUMN builder TEXT;`,
];

/** The daemon's state: one SQLite file, one writer (the daemon). */
export interface Store {
  readonly db: Db;
  readonly instance: string;
  readonly apps: AppStore;
  readonly deploys: DeployStore;
  readonly credentials: CredentialStore;
  readonly settings: SettingStore;
  readonly config: ConfigStore;
  readonly domains: DomainStore;
  close(): void;
}

export function openStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    db,
    instance: instanceId(db),
    apps: new AppStore(db),
    deploys: new DeployStore(db),
    credentials: new CredentialStore(db),
    settings: new SettingStore(db),
    config: new ConfigStore(db),
    domains: new DomainStore(db),
    close: () => db.close(),
  };
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

// Labels every Docker object this daemon makes, so several berth homes can
// share one engine and each reconciles only its own containers.
function instanceId(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'instance'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = randomBytes(6).toString('hex');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('instance', ?)`).run(id);
  return id;
}
