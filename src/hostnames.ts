/**
 * Who may claim a hostname. A name under a global domain (APP.GLOBAL, and
 * anything below it) belongs to that app alone, existing or not; a name
 * another app holds stays its; the global domain itself and wildcards are
 * for admins only.
 */
import { UserError } from './errors.js';

export interface HostnameFacts {
  globals: readonly string[];
  /** The app holding `domain` as a custom domain, if any. */
  holder: (domain: string) => string | undefined;
  /** A limited credential is asking. */
  tenant: boolean;
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
    const owner = reservedFor(name, global);
    if (owner !== undefined && owner !== app) throw new UserError(`${domain} is reserved for app ${owner} (${owner}.${global} and the names under it are its default address)`);
  }
}

/** The app a name under `global` belongs to: `x.app.global` → app; undefined when not under it. */
export function reservedFor(name: string, global: string): string | undefined {
  if (!name.endsWith(`.${global}`)) return undefined;
  const rest = name.slice(0, -global.length - 1);
  return rest.split('.').pop();
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
