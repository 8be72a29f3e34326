import { resolve } from 'node:path';
import { UserError } from './errors.js';

/**
 * Refuses a fetch URL (git:sync, a submodule) that points into berth's own
 * home: that would copy another app's repository into this one.
 */
export function checkRemoteUrl(url: string, home: string): void {
  const local = url.startsWith('file://') ? url.slice(7) : /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+:/.test(url) ? undefined : url;
  if (local === undefined) return;
  const path = resolve('/', local);
  const root = resolve(home);
  if (path === root || path.startsWith(`${root}/`)) throw new UserError(`cannot fetch from berth's own repositories (${url}); use apps:clone`);
}
