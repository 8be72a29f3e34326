/**
 * Source archives for git:from-archive: tar, tar.gz or zip, unpacked into a
 * directory (with a single top-level folder stripped, as GitHub archives have).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../errors.js';
import { readZip, type ArchiveFile } from './zip.js';

export async function unpackArchive(buf: Buffer, dest: string): Promise<number> {
  const files = buf[0] === 0x50 && buf[1] === 0x4b ? readZip(buf) : await readTar(buf[0] === 0x1f && buf[1] === 0x8b ? gunzip(buf) : buf);
  if (!files.length) throw new UserError('the archive holds no files');
  const strip = commonRoot(files.map((f) => f.name));
  for (const f of files) {
    const name = normalize(f.name.slice(strip.length));
    if (name.startsWith('..') || name.startsWith('/')) throw new UserError(`the archive entry ${f.name} points outside the tree`);
    const path = join(dest, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.data, { mode: f.mode });
  }
  return files.length;
}

/** A cap on what an archive may unpack to, so a small bomb cannot exhaust memory. */
export const MAX_UNPACKED = 1024 * 1024 * 1024;

function gunzip(buf: Buffer): Buffer {
  try {
    return gunzipSync(buf, { maxOutputLength: MAX_UNPACKED });
  } catch (err) {
    throw new UserError(`cannot gunzip the archive: ${(err as Error).message}`, { cause: err });
  }
}

export async function readTar(buf: Buffer): Promise<ArchiveFile[]> {
  const extract = tar.extract();
  const files: ArchiveFile[] = [];
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') files.push({ name: header.name, data: Buffer.concat(chunks), mode: (header.mode ?? 0o644) & 0o111 ? 0o755 : 0o644 });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve).on('error', () => reject(new UserError('not a valid tar, tar.gz or zip archive')));
    Readable.from([buf]).pipe(extract);
  });
  return files;
}

/** `repo-main/` when every entry sits under that one folder, else ''. */
function commonRoot(names: string[]): string {
  const first = names[0]?.split('/')[0];
  if (!first || names.some((n) => !n.startsWith(`${first}/`))) return '';
  return `${first}/`;
}
