/** `backup:export`: one tar.gz of berth's state, written while the daemon serves. */
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Services } from '../core/services.js';
import { LATEST } from '../store/migrations.js';
import { copiedFromHome, DATABASE, FORMAT, MANIFEST, type Manifest } from './layout.js';

export interface ExportSummary {
  files: number;
  bytes: number;
}

/** Writes the archive to `dest`; the database is copied with SQLite's online backup. */
export async function exportBackup(s: Services, dest: Writable): Promise<ExportSummary> {
  const home = s.settings.home;
  const staging = await mkdtemp(join(home, '.backup-'));
  try {
    await s.store.db.backup(join(staging, DATABASE));
    const pack = tar.pack();
    const gzip = createGzip();
    const written = pipeline(pack, gzip, dest);
    const manifest: Manifest = { format: FORMAT, home, schema: LATEST, createdAt: new Date().toISOString() };
    pack.entry({ name: MANIFEST, mode: 0o600 }, JSON.stringify(manifest, null, 2));
    const summary = { files: 1, bytes: 0 };
    await addFile(pack, join(staging, DATABASE), DATABASE, summary);
    for (const entry of await readdir(home, { withFileTypes: true })) {
      if (copiedFromHome(entry.name)) await addTree(pack, home, entry.name, summary);
    }
    pack.finalize();
    await written;
    return summary;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

// Regular files and directories only: sockets, fifos and symlinks stay behind.
async function addTree(pack: tar.Pack, home: string, rel: string, summary: ExportSummary): Promise<void> {
  const entry = await lstat(join(home, rel)).catch(() => undefined);
  if (!entry) return;
  if (entry.isFile()) return addFile(pack, join(home, rel), rel, summary);
  if (!entry.isDirectory()) return;
  pack.entry({ name: `${rel}/`, type: 'directory', mode: entry.mode & 0o777 });
  for (const child of await readdir(join(home, rel))) await addTree(pack, home, `${rel}/${child}`, summary);
}

async function addFile(pack: tar.Pack, path: string, name: string, summary: ExportSummary): Promise<void> {
  const info = await stat(path);
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name, size: info.size, mode: info.mode & 0o777, mtime: info.mtime }, (err) => (err ? reject(err) : resolve()));
    createReadStream(path).on('error', reject).pipe(entry);
  });
  summary.files++;
  summary.bytes += info.size;
}

/** A Writable handing each chunk to `write` (the client's stdout). */
export function chunkSink(write: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      write(chunk);
      done();
    },
  });
}
