import type { Db } from './db.js';

/** Admin credentials have `apps: null`; limited ones list the apps they may use. */
export interface SshKey {
  name: string;
  fingerprint: string;
  publicKey: string;
  apps: string[] | null;
  createdAt: string;
}

export interface Token {
  name: string;
  apps: string[] | null;
  createdAt: string;
}

export class CredentialStore {
  constructor(private readonly db: Db) {}

  addKey(key: Omit<SshKey, 'createdAt'>): void {
    this.db
      .prepare(`INSERT INTO ssh_keys (name, fingerprint, public_key, apps, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(key.name, key.fingerprint, key.publicKey, apps(key.apps), new Date().toISOString());
  }

  keys(): SshKey[] {
    return (this.db.prepare(`SELECT * FROM ssh_keys ORDER BY name`).all() as KeyRow[]).map(toKey);
  }

  keyByName(name: string): SshKey | undefined {
    const row = this.db.prepare(`SELECT * FROM ssh_keys WHERE name = ?`).get(name) as KeyRow | undefined;
    return row && toKey(row);
  }

  keyByFingerprint(fingerprint: string): SshKey | undefined {
    const row = this.db.prepare(`SELECT * FROM ssh_keys WHERE fingerprint = ?`).get(fingerprint) as KeyRow | undefined;
    return row && toKey(row);
  }

  removeKey(name: string): boolean {
    return this.db.prepare(`DELETE FROM ssh_keys WHERE name = ?`).run(name).changes === 1;
  }

  addToken(name: string, hash: string, appList: string[] | null): void {
    this.db.prepare(`INSERT INTO tokens (name, hash, apps, created_at) VALUES (?, ?, ?, ?)`).run(name, hash, apps(appList), new Date().toISOString());
  }

  tokens(): Token[] {
    return (this.db.prepare(`SELECT name, apps, created_at FROM tokens ORDER BY name`).all() as TokenRow[]).map(toToken);
  }

  tokenByHash(hash: string): Token | undefined {
    const row = this.db.prepare(`SELECT name, apps, created_at FROM tokens WHERE hash = ?`).get(hash) as TokenRow | undefined;
    return row && toToken(row);
  }

  tokenByName(name: string): Token | undefined {
    const row = this.db.prepare(`SELECT name, apps, created_at FROM tokens WHERE name = ?`).get(name) as TokenRow | undefined;
    return row && toToken(row);
  }

  /** Drops an app from every limited credential, so a later app of that name is not theirs. */
  forgetApp(app: string): void {
    this.renameApp(app, undefined);
  }

  /** Moves an app in every limited credential's list to its new name (or drops it). */
  renameApp(from: string, to: string | undefined): void {
    this.db.transaction(() => {
      for (const table of ['ssh_keys', 'tokens']) {
        const rows = this.db.prepare(`SELECT name, apps FROM ${table} WHERE apps IS NOT NULL`).all() as { name: string; apps: string }[];
        for (const row of rows) {
          const list = JSON.parse(row.apps) as string[];
          if (!list.includes(from)) continue;
          const next = list.flatMap((a) => (a === from ? (to ? [to] : []) : [a]));
          this.db.prepare(`UPDATE ${table} SET apps = ? WHERE name = ?`).run(JSON.stringify(next), row.name);
        }
      }
    })();
  }

  revokeToken(name: string): boolean {
    return this.db.prepare(`DELETE FROM tokens WHERE name = ?`).run(name).changes === 1;
  }
}

interface KeyRow {
  name: string;
  fingerprint: string;
  public_key: string;
  apps: string | null;
  created_at: string;
}

interface TokenRow {
  name: string;
  apps: string | null;
  created_at: string;
}

function apps(list: string[] | null): string | null {
  return list === null ? null : JSON.stringify(list);
}

function toKey(row: KeyRow): SshKey {
  return { name: row.name, fingerprint: row.fingerprint, publicKey: row.public_key, apps: parseApps(row.apps), createdAt: row.created_at };
}

function toToken(row: TokenRow): Token {
  return { name: row.name, apps: parseApps(row.apps), createdAt: row.created_at };
}

function parseApps(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}
