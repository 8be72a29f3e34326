/**
 * Certificates on disk: `$BERTH_HOME/tls/NAME/server.crt` and `server.key`,
 * files 0600 in 0700 folders, written whole (temp file, then rename) so a
 * crash never leaves half a key. The files are the truth the daemon reloads
 * into the router when it starts.
 */
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The certificate of the host's own name (the global domain); no app name starts with `_`. */
export const GLOBAL_CERT = '_global';

export interface StoredPair {
  crt: string;
  key: string;
}

export function tlsDir(home: string): string {
  return join(home, 'tls');
}

function pairDir(home: string, name: string): string {
  return join(tlsDir(home), name);
}

export async function writePair(home: string, name: string, pair: StoredPair): Promise<void> {
  await mkdir(tlsDir(home), { recursive: true, mode: 0o700 });
  const dir = pairDir(home, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const [file, text] of [['server.key', pair.key], ['server.crt', pair.crt]] as const) {
    const tmp = join(dir, `.${file}.tmp`);
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, join(dir, file));
  }
}

export async function readPair(home: string, name: string): Promise<StoredPair | undefined> {
  const dir = pairDir(home, name);
  try {
    const [crt, key] = await Promise.all([readFile(join(dir, 'server.crt'), 'utf8'), readFile(join(dir, 'server.key'), 'utf8')]);
    return { crt, key };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function removePair(home: string, name: string): Promise<void> {
  await rm(pairDir(home, name), { recursive: true, force: true });
}

/** apps:rename: the pair goes with the app, as Dokku's app folder (tls/ included) does. */
export async function movePair(home: string, from: string, to: string): Promise<boolean> {
  try {
    await rename(pairDir(home, from), pairDir(home, to));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Names that have a stored certificate. */
export async function storedNames(home: string): Promise<string[]> {
  const entries = await readdir(tlsDir(home), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'acme').map((e) => e.name).sort();
}
