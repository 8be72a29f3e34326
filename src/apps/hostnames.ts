/**
 * Who may claim a hostname. A name under a global domain (APP.GLOBAL, and
 * anything below it) belongs to that app alone: for tenants existing or not,
 * for admins once it exists (apps:create refuses a name whose default address
 * another app holds); a name another app holds stays its; the global domain
 * itself and wildcards are for admins only.
 */
import { UserError } from '../core/errors.js';

export interface HostnameFacts {
  globals: readonly string[];
  /** The app holding `domain` as a custom domain, if any. */
  holder: (domain: string) => string | undefined;
  /** A limited credential is asking. */
  tenant: boolean;
  /** Whether an app of that name exists (admins may take names of apps that do not). */
  exists?: (app: string) => boolean;
}

/** Throws a UserError naming the holder when `app` may not answer to `domain`. */
export function checkHostname(domain: string, app: string, facts: HostnameFacts): void {
  const held = facts.holder(domain);
  if (held && held !== app) throw new UserError(`${domain} is already a domain of app ${held}`);
  if (facts.tenant && domain.startsWith('*.')) throw new UserError(`wildcard domains (${domain}) may only be added by an admin`);
  const name = domain.replace(/^\*\./, '');
  for (const global of facts.globals) {
    if (name === global) {
      if (facts.tenant) throw new UserError(`${domain} is the global domain; only an admin may give it to an app`);
      continue;
    }
    const candidates = reservedCandidates(name, global);
    if (candidates.includes(app)) continue;
    const owner = facts.tenant ? candidates[0] : candidates.find((c) => facts.exists?.(c) ?? true);
    if (owner !== undefined) throw new UserError(`${domain} is reserved for app ${owner} (${owner}.${global} and the names under it are its default address)`);
  }
}

/** The app a name under `global` belongs to: `x.app.global` → app; undefined when not under it. */
export function reservedFor(name: string, global: string): string | undefined {
  if (!name.endsWith(`.${global}`)) return undefined;
  const rest = name.slice(0, -global.length - 1);
  return rest.split('.').pop();
}

/**
 * Every app a name under `global` may belong to, nearest first: app names may
 * hold dots, so `x.b.c.global` is under `c`, `b.c` and `x.b.c`.
 */
export function reservedCandidates(name: string, global: string): string[] {
  if (!name.endsWith(`.${global}`)) return [];
  const labels = name.slice(0, -global.length - 1).split('.');
  return labels.map((_, i) => labels.slice(labels.length - 1 - i).join('.'));
}

/** The app (other than `app`) holding `app`'s default addresses as custom domains, for apps:create and apps:rename. */
export function defaultAddressHolder(app: string, globals: readonly string[], holder: (domain: string) => string | undefined): { host: string; app: string } | undefined {
  for (const global of globals) {
    const host = `${app}.${global}`;
    const held = holder(host);
    if (held && held !== app) return { host, app: held };
  }
  return undefined;
}
