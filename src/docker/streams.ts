/** Stream helpers for src/docker.ts: tar, multiplexed logs, lines. */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** A file (or the tar around it) larger than the reader allows; nothing more was read. */
export class TooLarge extends Error {
  override name = 'TooLarge';
}

/**
 * The first regular file of a tar stream as text. Counts every byte of the
 * archive against `maxBytes` while it streams, and stops reading (and ends
 * the source) as soon as it is over: a huge file never lands in memory.
 */
export async function firstFileOf(archive: NodeJS.ReadableStream, maxBytes: number): Promise<string | undefined> {
  const extract = tar.extract();
  let text: string | undefined;
  let total = 0;
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('error', () => undefined);
    stream.on('data', (data: unknown) => {
      const c = data as Buffer;
      total += c.length;
      if (total > maxBytes) return void extract.destroy(new TooLarge(`larger than ${maxBytes} bytes`));
      if (text === undefined) chunks.push(c);
    });
    stream.on('end', () => {
      if (text === undefined && header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
      next();
    });
  });
  await pipeline(archive, extract);
  return text;
}

/** A writable that calls `onLine` per line, however the output is chunked. */
export function lineSplitter(onLine: (line: string) => void): { writable: Writable; flush: () => void } {
  let pending = '';
  const writable = new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const line of parts) onLine(line);
      done();
    },
  });
  return { writable, flush: () => pending && onLine(pending) };
}

/** Docker multiplexes stdout/stderr with 8-byte frame headers when no TTY. */
export function demux(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2 || buf[i] === 0)) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? buf.toString('utf8') : Buffer.concat(parts).toString('utf8');
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

