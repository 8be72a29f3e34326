import { inflateRawSync } from 'node:zlib';
import { UserError } from '../errors.js';

export interface ArchiveFile {
  name: string;
  data: Buffer;
  mode: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Reads a zip archive held in memory (stored and deflated entries). */
export function readZip(buf: Buffer): ArchiveFile[] {
  const end = findEnd(buf);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files: ArchiveFile[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== CENTRAL) throw new UserError('not a valid zip archive (central directory)');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const unixMode = buf.readUInt32LE(at + 38) >>> 16;
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    files.push({ name, data: entryData(buf, local, size, method, name), mode: unixMode & 0o111 ? 0o755 : 0o644 });
  }
  return files;
}

function findEnd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new UserError('not a valid zip archive');
}

function entryData(buf: Buffer, local: number, size: number, method: number, name: string): Buffer {
  if (buf.readUInt32LE(local) !== LOCAL) throw new UserError(`not a valid zip archive (entry ${name})`);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const raw = buf.subarray(start, start + size);
  if (method === 0) return raw;
  if (method === 8) {
    try {
      return inflateRawSync(raw, { maxOutputLength: 1024 * 1024 * 1024 });
    } catch (err) {
      throw new UserError(`cannot inflate zip entry ${name}: ${(err as Error).message}`, { cause: err });
    }
  }
  throw new UserError(`zip entry ${name} uses compression method ${method}; only stored and deflated are supported`);
}
