/**
 * `backup:import`: unpacks an archive into a staging folder in the home
 * (every entry checked: relative, inside the home, bounded), restores the
 * database rows in one transaction, then moves the files into place and
 * points the repos' hooks at this daemon.
 */
import Database from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../core/errors.js';
import { configureBare } from '../git.js';
import { installHooks } from '../hooks/install.js';
import { paths } from '../core/paths.js';
import type { Services } from '../core/services.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrations.js';
import { DATABASE, entryTarget, FORMAT, LIMITS, MANIFEST, type Manifest } from './layout.js';

export interface ImportSummary {
  apps: string[];
  files: number;
}

/** True when the home holds apps or credentials an import would replace. */
export function homeInUse(s: Services): boolean {
  return s.store.apps.list().length + s.store.credentials.keys().length + s.store.credentials.tokens().length > 0;
}

export async function importBackup(s: Services, source: Readable): Promise<ImportSummary> {
  const home = s.settings.home;
  const staging = await mkdtemp(join(home, '.restore-'));
  try {
    const files = await unpack(source, staging);
    const manifest = await readManifest(staging);
    restoreDatabase(s.store.db, join(staging, DATABASE), manifest.home, home);
    await moveIntoPlace(staging, home);
    const apps = s.store.apps.list().map((a) => a.name);
    for (const app of apps) {
      const repo = paths.repo(home, app);
      await Promise.all([installHooks(repo, s.settings.socketPath), configureBare(repo)]).catch((err: unknown) => s.log({ event: 'repo-setup-failed', app, error: String(err) }));
    }
    s.log({ event: 'backup-imported', from: manifest.home, createdAt: manifest.createdAt, apps: apps.length, files });
    return { apps, files };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function unpack(source: Readable, root: string): Promise<number> {
  const extract = tar.extract();
  let bytes = 0;
  let entries = 0;
  extract.on('entry', (header, stream, next) => {
    void (async () => {
      if (++entries > LIMITS.entries) throw new UserError(`the backup holds more than ${LIMITS.entries} entries`);
      const target = entryTarget(root, header.name);
      if (header.type === 'directory') {
        await mkdir(target, { recursive: true, mode: 0o700 });
        stream.resume();
        return;
      }
      if (header.type !== 'file') throw new UserError(`the backup holds a ${header.type ?? 'strange'} entry (${header.name}); only files and folders are restored`);
      bytes += header.size ?? 0;
      if (bytes > LIMITS.bytes) throw new UserError(`the backup unpacks to more than ${LIMITS.bytes / 1024 ** 3} GiB`);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(stream, createWriteStream(target, { mode: (header.mode ?? 0o600) & 0o755 }));
    })().then(() => next(), (err: unknown) => extract.destroy(err as Error));
  });
  try {
    await pipeline(source, createGunzip(), extract);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`the backup is not a berth archive (a tar.gz): ${(err as Error).message}`, { cause: err });
  }
  return entries;
}

async function readManifest(root: string): Promise<Manifest> {
  const text = await readFile(join(root, MANIFEST), 'utf8').catch(() => undefined);
  const manifest = text === undefined ? undefined : (JSON.parse(text) as Manifest);
  if (!manifest || manifest.format !== FORMAT || typeof manifest.home !== 'string') {
    throw new UserError(`the archive is not a berth backup (no ${MANIFEST} of format ${FORMAT})`);
  }
  return manifest;
}

// Row by row into the open database, so every part of the daemon keeps its
// handle; this home's own instance id stays (its engine objects are its own).
function restoreDatabase(db: Db, file: string, fromHome: string, toHome: string): void {
  const backup = new Database(file);
  try {
    migrate(backup);
  } finally {
    backup.close();
  }
  db.prepare(`ATTACH DATABASE ? AS bak`).run(file);
  try {
    db.transaction(() => {
      for (const table of tablesOf(db)) copyTable(db, table);
      db.prepare(`DELETE FROM main.sqlite_sequence`).run();
      db.prepare(`INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM bak.sqlite_sequence`).run();
      db.prepare(`UPDATE deploys SET log_path = ? || substr(log_path, ?) WHERE substr(log_path, 1, ?) = ?`).run(toHome, fromHome.length + 1, fromHome.length + 1, `${fromHome}/`);
    })();
  } finally {
    db.prepare(`DETACH DATABASE bak`).run();
  }
}

function tablesOf(db: Db): string[] {
  const rows = db.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`).all() as { name: string }[];
  return rows.map((r) => r.name);
}

function copyTable(db: Db, table: string): void {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
  const keep = table === 'meta' ? ` WHERE key <> 'instance'` : '';
  db.prepare(`DELETE FROM main."${table}"${keep}`).run();
  db.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM bak."${table}"${keep}`).run();
}

// Each top-level file, and each child of a top-level folder (one repo, one
// app's logs), replaces what the home had under that name.
async function moveIntoPlace(staging: string, home: string): Promise<void> {
  for (const top of await readdir(staging, { withFileTypes: true })) {
    if (top.name === MANIFEST || top.name === DATABASE) continue;
    if (!top.isDirectory()) {
      await rename(join(staging, top.name), join(home, top.name));
      continue;
    }
    await mkdir(join(home, top.name), { recursive: true, mode: 0o700 });
    for (const child of await readdir(join(staging, top.name))) {
      await rm(join(home, top.name, child), { recursive: true, force: true });
      await rename(join(staging, top.name, child), join(home, top.name, child));
    }
  }
}
