import type { Db } from './db.js';

/** Custom domains; a domain belongs to one app at most. */
export class DomainStore {
  constructor(private readonly db: Db) {}

  of(app: string): string[] {
    return (this.db.prepare(`SELECT domain FROM domains WHERE app = ? ORDER BY domain`).all(app) as { domain: string }[]).map((r) => r.domain);
  }

  owner(domain: string): string | undefined {
    return (this.db.prepare(`SELECT app FROM domains WHERE domain = ?`).get(domain) as { app: string } | undefined)?.app;
  }

  /** Replaces the app's domains in one transaction. */
  replace(app: string, domains: string[]): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM domains WHERE app = ?`).run(app);
      const insert = this.db.prepare(`INSERT INTO domains (domain, app) VALUES (?, ?)`);
      for (const d of domains) insert.run(d, app);
    })();
  }
}
