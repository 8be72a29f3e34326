import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AppStore } from './apps.js';
import { DeployStore } from './deploys.js';
import { CredentialStore } from './credentials.js';
import { SettingStore } from './settings.js';
import { ConfigStore } from './config.js';
import { DomainStore } from './domains.js';
import { migrate } from './migrations.js';

export type Db = Database.Database;

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

// Labels every Docker object this daemon makes, so several berth homes can
// share one engine and each reconciles only its own containers.
function instanceId(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'instance'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = randomBytes(6).toString('hex');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('instance', ?)`).run(id);
  return id;
}
