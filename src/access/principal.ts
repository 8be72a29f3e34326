/**
 * Who is asking, and what they may do. Admins (the local CLI, admin keys and
 * tokens) may do anything; a limited credential may use its apps only.
 */
import { UserError } from '../core/errors.js';

export interface Principal {
  /** The key or token name, `local` for the control socket, `anonymous` under --insecure-http. */
  name: string;
  kind: 'local' | 'key' | 'token' | 'anonymous';
  /** null: every app and every command. */
  apps: readonly string[] | null;
}

export const LOCAL: Principal = Object.freeze({ name: 'local', kind: 'local', apps: null });
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', kind: 'anonymous', apps: null });

export class AccessDenied extends UserError {
  override name = 'AccessDenied';
}

export function isAdmin(p: Principal): boolean {
  return p.apps === null;
}

export function mayUseApp(p: Principal, app: string): boolean {
  return p.apps === null || p.apps.includes(app);
}

export function requireAppAccess(p: Principal, app: string): void {
  if (!mayUseApp(p, app)) throw new AccessDenied(`${p.kind} ${p.name} may not use app ${app}`);
}

export function requireAdmin(p: Principal, what: string): void {
  if (!isAdmin(p)) throw new AccessDenied(`${p.kind} ${p.name} may not ${what}: it is limited to ${(p.apps ?? []).join(', ') || 'no apps'}`);
}

/** Parses `--apps a,b` into a list; undefined (no flag) is admin. */
export function parseAppList(value: string | boolean | undefined): string[] | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !value.trim()) throw new UserError('--apps needs a comma-separated list of app names');
  return [...new Set(value.split(',').map((a) => a.trim()).filter(Boolean))];
}
