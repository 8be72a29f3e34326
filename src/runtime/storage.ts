/**
 * Persistent storage: named entries (a directory under $BERTH_HOME/storage,
 * optionally made for one app) and per-app mounts, bound into process
 * containers, release tasks, cron runs and one-offs — never into builds.
 */
import { isAbsolute, join, normalize } from 'node:path';
import { UserError } from '../core/errors.js';
import type { SpecFragment } from './fragment.js';

export interface Mount {
  /** A named storage entry, or (legacy, admins only) a host directory. */
  kind: 'named' | 'host';
  source: string;
  containerDir: string;
}

export interface StorageEntry {
  name: string;
  hostPath: string;
  /** The app it was made for; null: made by an admin for anyone an admin mounts it to. */
  app: string | null;
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export function validateStorageName(name: string): string {
  if (!NAME.test(name)) throw new UserError(`invalid storage name ${name}: use lowercase letters, digits, '.', '_' and '-'`);
  return name;
}

export function storagePath(home: string, name: string): string {
  return join(home, 'storage', validateStorageName(name));
}

function absolute(path: string, what: string): string {
  if (!isAbsolute(path) || normalize(path) !== path.replace(/\/+$/, '') || path.includes('..')) throw new UserError(`${what} must be an absolute path, not ${path}`);
  return path;
}

/** `storage:mount APP NAME --container-dir DIR` or the legacy `APP HOST_DIR:CONTAINER_DIR`. */
export function parseMount(spec: string, containerDir: string | undefined): Mount {
  if (containerDir !== undefined) return { kind: 'named', source: validateStorageName(spec), containerDir: absolute(containerDir, '--container-dir') };
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new UserError(`storage:mount needs NAME --container-dir PATH or HOST_DIR:CONTAINER_DIR, not ${spec}`);
  const host = spec.slice(0, colon);
  const container = absolute(spec.slice(colon + 1).split(':')[0] as string, 'the container directory');
  // The legacy form with a bare name (no slash) is a named entry, as Dokku treats docker volumes.
  if (!host.includes('/')) return { kind: 'named', source: validateStorageName(host), containerDir: container };
  return { kind: 'host', source: absolute(host, 'the host directory'), containerDir: container };
}

/** `host:container` as Dokku's storage:list shows it. */
export function mountLine(m: Mount, home: string): string {
  return `${hostPathOf(m, home)}:${m.containerDir}`;
}

export function hostPathOf(m: Mount, home: string): string {
  return m.kind === 'named' ? storagePath(home, m.source) : m.source;
}

/** The bind mounts of an app's containers. */
export function storageFragment(mounts: readonly Mount[], home: string): SpecFragment {
  if (!mounts.length) return {};
  return { HostConfig: { Binds: mounts.map((m) => mountLine(m, home)) } };
}
