/**
 * Who may create, mount and destroy storage. Admins may do all of it; a
 * tenant (a credential limited with --apps) may use only named storage made
 * for one of its apps, never a host path.
 */
import { AccessDenied, isAdmin, mayUseApp, type Principal } from '../access/principal.js';
import { NotFoundError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { StorageStore } from '../store/storage.js';
import { appMounts } from './index.js';
import type { Mount, StorageEntry } from './storage.js';

export function storageStore(s: Services): StorageStore {
  return new StorageStore(s.store.db);
}

export function requireEntry(s: Services, name: string): StorageEntry {
  const entry = storageStore(s).get(name);
  if (!entry) throw new NotFoundError(`storage ${name} does not exist; create it with storage:create ${name}`);
  return entry;
}

/** A tenant may touch an entry only when it was made for one of its apps. */
export function requireEntryAccess(p: Principal, entry: StorageEntry): void {
  if (isAdmin(p)) return;
  if (!entry.app || !mayUseApp(p, entry.app)) throw new AccessDenied(`${p.kind} ${p.name} may not use storage ${entry.name}: it was not made for its apps`);
}

export function requireMountAccess(s: Services, p: Principal, m: Mount): void {
  if (m.kind === 'host') {
    if (!isAdmin(p)) throw new AccessDenied(`${p.kind} ${p.name} may not mount host path ${m.source}: tenants mount named storage only`);
    return;
  }
  requireEntryAccess(p, requireEntry(s, m.source));
}

/** The apps that mount a named entry. */
export function appsMounting(s: Services, name: string): string[] {
  return s.store.apps.list().filter((a) => appMounts(s, a.name).some((m) => m.kind === 'named' && m.source === name)).map((a) => a.name);
}

/** Named storage an app mounts or was made for: apps:destroy leaves it and says so. */
export function storageOf(s: Services, app: string): string[] {
  const mounted = appMounts(s, app).filter((m) => m.kind === 'named').map((m) => m.source);
  const made = storageStore(s).list().filter((e) => e.app === app).map((e) => e.name);
  return [...new Set([...mounted, ...made])].sort();
}
