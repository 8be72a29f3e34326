/**
 * Zip archives held in memory: the central directory read with every offset
 * checked (a truncated or corrupt zip is a UserError, never a RangeError),
 * and each entry's data streamed out (inflated as it is read, never whole).
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { UserError } from '../core/errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
  executable: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip (directories left out), in central directory order. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const end = findEnd(buf);
  const count = u16(buf, end + 10);
  let at = u32(buf, end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (u32(buf, at) !== CENTRAL) throw corrupt('central directory');
    const nameLength = u16(buf, at + 28);
    const entry: ZipEntry = {
      method: u16(buf, at + 10),
      compressedSize: u32(buf, at + 20),
      localOffset: u32(buf, at + 42),
      executable: Boolean((u32(buf, at + 38) >>> 16) & 0o111),
      name: slice(buf, at + 46, nameLength).toString('utf8'),
    };
    at += 46 + nameLength + u16(buf, at + 30) + u16(buf, at + 32);
    if (entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new UserError('zip64 archives are not supported; use tar.gz');
    if (!entry.name.endsWith('/')) entries.push(entry);
  }
  return entries;
}

/** One entry's bytes as a stream: stored as is, deflated inflated on the fly. */
export function zipEntryStream(buf: Buffer, entry: ZipEntry): Readable {
  const local = entry.localOffset;
  if (u32(buf, local) !== LOCAL) throw corrupt(`entry ${entry.name.slice(0, 100)}`);
  const start = local + 30 + u16(buf, local + 26) + u16(buf, local + 28);
  const raw = slice(buf, start, entry.compressedSize);
  if (entry.method === 0) return Readable.from([raw]);
  if (entry.method !== 8) throw new UserError(`zip entry ${entry.name.slice(0, 100)} uses compression method ${entry.method}; only stored and deflated are supported`);
  const inflate = createInflateRaw();
  inflate.end(raw);
  return inflate;
}

function findEnd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new UserError('not a valid zip archive (no end of central directory: truncated?)');
}

function u16(buf: Buffer, at: number): number {
  if (at < 0 || at + 2 > buf.length) throw corrupt('truncated');
  return buf.readUInt16LE(at);
}

function u32(buf: Buffer, at: number): number {
  if (at < 0 || at + 4 > buf.length) throw corrupt('truncated');
  return buf.readUInt32LE(at);
}

function slice(buf: Buffer, at: number, length: number): Buffer {
  if (at < 0 || at + length > buf.length) throw corrupt('truncated');
  return buf.subarray(at, at + length);
}

function corrupt(where: string): UserError {
  return new UserError(`not a valid zip archive (${where})`);
}
