/**
 * What a backup holds: the database (an online SQLite backup) and every
 * file of the berth home — bare repos, deploy logs, the SSH host key,
 * certificates and keys — except what belongs to one running daemon.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';

export const MANIFEST = 'berth-backup.json';
export const DATABASE = 'berth.db';
export const FORMAT = 1;

/** Bounds on what an import unpacks. */
export const LIMITS = { bytes: 8 * 1024 ** 3, entries: 1_000_000, stdinBytes: 384 * 1024 ** 2 };

export interface Manifest {
  format: number;
  /** The home the backup was made from (deploy log paths are rewritten from it). */
  home: string;
  schema: number;
  createdAt: string;
}

// The database travels as its own online backup; the rest is one daemon's run
// time. `router/` is the router's (pidfile, sockets, its config and
// certificate copies): a daemon rebuilds it from the state it restores.
const NOT_COPIED = /^(berth\.db(-wal|-shm|-journal)?|berth\.sock|sshd\.sock|daemon\.json|router|\.backup-.*|\.restore-.*)$/;

/** Whether a top-level name of the home goes into a backup as a file. */
export function copiedFromHome(topName: string): boolean {
  return !NOT_COPIED.test(topName);
}

/**
 * The path an archive entry may be written to under `root`, or a UserError:
 * relative, no `..`, nothing a running daemon owns.
 */
export function entryTarget(root: string, name: string): string {
  const clean = normalize(name).replace(/\/+$/, '');
  const top = clean.split('/')[0] ?? '';
  const special = clean === MANIFEST || clean === DATABASE;
  if (!clean || clean === '.' || isAbsolute(name) || clean.split(sep).includes('..') || name.length > 4096 || (!special && !copiedFromHome(top))) {
    throw new UserError(`the backup holds an entry berth will not write: ${JSON.stringify(name.slice(0, 200))}`);
  }
  const target = resolve(root, clean);
  if (relative(root, target).startsWith('..')) throw new UserError(`the backup holds an entry outside the home: ${JSON.stringify(name.slice(0, 200))}`);
  return target;
}
