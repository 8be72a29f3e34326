/**
 * Source archives for git:from-archive: tar, tar.gz or zip, unpacked into a
 * directory one entry at a time, each streamed to disk through a meter: no
 * entry, and no sum of entries, may pass its cap, checked as the bytes flow
 * (a zip whose entries all point at one huge deflated stream is stopped at
 * the cap, not after inflating it again and again).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../core/errors.js';
import { zipEntries, zipEntryStream } from './zip.js';

export interface ArchiveLimits {
  /** Bytes all entries may unpack to together. */
  total: number;
  /** Bytes one entry may unpack to. */
  entry: number;
  /** How many entries. */
  entries: number;
}

const MiB = 1024 * 1024;
export const ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({ total: 512 * MiB, entry: 256 * MiB, entries: 50_000 });

type WriteEntry = (name: string, data: Readable, executable: boolean) => Promise<void>;

/** Unpacks `buf` under `dest`; resolves with the file count and the tree to use (a single top folder stripped). */
export async function unpackArchive(buf: Buffer, dest: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<{ count: number; tree: string }> {
  const names: string[] = [];
  let total = 0;
  const write: WriteEntry = async (name, data, executable) => {
    if (names.length >= limits.entries) throw new UserError(`the archive holds more than ${limits.entries} files`);
    const rel = normalize(name);
    if (rel.startsWith('..') || rel.startsWith('/')) throw new UserError(`the archive entry ${printable(name)} points outside the tree`);
    // A work tree's .git would be read by the git that commits it.
    if (rel.split('/').includes('.git')) throw new UserError(`the archive entry ${printable(name)} is inside a .git directory`);
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        total += chunk.length;
        if (size > limits.entry) return done(new UserError(`the archive entry ${printable(name)} unpacks to more than ${limits.entry / MiB} MiB`));
        if (total > limits.total) return done(new UserError(`the archive unpacks to more than ${limits.total / MiB} MiB`));
        done(null, chunk);
      },
    });
    const path = join(dest, rel);
    try {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(data, meter, createWriteStream(path, { mode: executable ? 0o755 : 0o644 }));
    } catch (err) {
      throw entryError(err, name);
    }
    names.push(rel);
  };
  const isZip = buf[0] === 0x50 && buf[1] === 0x4b;
  if (isZip) for (const entry of zipEntries(buf)) await write(entry.name, zipEntryStream(buf, entry), entry.executable);
  else await eachTarEntry(buf, buf[0] === 0x1f && buf[1] === 0x8b, write, limits);
  if (!names.length) throw new UserError('the archive holds no files');
  const root = commonRoot(names);
  return { count: names.length, tree: root ? join(dest, root.slice(0, -1)) : dest };
}

async function eachTarEntry(buf: Buffer, gzipped: boolean, write: WriteEntry, limits: ArchiveLimits): Promise<void> {
  const extract = tar.extract();
  // The tar stream itself (headers and padding too) is bounded, so a gzip of zeros ends early.
  let streamed = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      streamed += chunk.length;
      done(streamed > limits.total + 64 * MiB ? new UserError(`the archive unpacks to more than ${limits.total / MiB} MiB`) : null, chunk);
    },
  });
  const source = Readable.from([buf]);
  const feeding = gzipped ? pipeline(source, createGunzip(), meter, extract) : pipeline(source, meter, extract);
  // A tar that ends (or breaks) mid-entry must end that entry too, or its reader would wait forever.
  let current: { destroy(err?: Error): void } | undefined;
  const invalid = (err: unknown) => (err instanceof UserError ? err : new UserError(`not a valid ${gzipped ? 'tar.gz' : 'tar or zip'} archive: ${(err as Error).message}`, { cause: err }));
  feeding.catch((err: unknown) => current?.destroy(invalid(err)));
  try {
    for await (const entry of extract) {
      current = entry;
      // tar-stream's entries are streamx streams, which node's pipeline does not see end: read them as iterables.
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') await write(entry.header.name, Readable.from(entry), Boolean((entry.header.mode ?? 0) & 0o111));
      else entry.resume();
      current = undefined;
    }
    await feeding;
  } catch (err) {
    extract.destroy();
    throw invalid(err);
  }
}

// File system errors carry the server's paths: say what failed by its code only.
function entryError(err: unknown, name: string): UserError {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code?.startsWith('Z_')) return new UserError(`cannot inflate the archive entry ${printable(name)}: ${(err as Error).message}`, { cause: err });
  return new UserError(`cannot unpack the archive entry ${printable(name)} (${code ?? 'invalid entry'})`, { cause: err });
}

function printable(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/** `repo-main/` when every entry sits under that one folder, else ''. */
function commonRoot(names: string[]): string {
  const first = names[0]?.split('/')[0];
  if (!first || names.some((n) => !n.startsWith(`${first}/`))) return '';
  return `${first}/`;
}
