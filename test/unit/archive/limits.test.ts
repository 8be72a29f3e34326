/**
 * Archive caps hold while the bytes stream: per entry, in total (every entry
 * counted, even entries sharing one deflated stream), and in entry count.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unpackArchive } from '../../../src/archive/index.js';
import { UserError } from '../../../src/core/errors.js';
import { deflatedZeros, overlappingZip, storedZip, tarOf } from '../../helpers/archives.js';

const MiB = 1024 * 1024;
const limits = { total: 8 * MiB, entry: 4 * MiB, entries: 20 };
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'berth-t-limits-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function bytesUnder(dir: string): Promise<number> {
  const { stat } = await import('node:fs/promises');
  let sum = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) sum += (await stat(join(e.parentPath, e.name))).size;
  return sum;
}

describe('archive limits', () => {
  test('a zip whose entries all point at one large deflated entry stops at the entry cap', async () => {
    const zip = overlappingZip(await deflatedZeros(64 * MiB), 64 * MiB, 50);
    expect(zip.length).toBeLessThan(200 * 1024);
    const dest = join(base, 'bomb');
    await expect(unpackArchive(zip, dest, limits)).rejects.toThrow(new UserError('the archive entry "bomb/0" unpacks to more than 4 MiB'));
    expect(await bytesUnder(dest)).toBeLessThanOrEqual(4 * MiB + 64 * 1024);
  });

  test('entries under the entry cap still count against the total, shared data or not', async () => {
    const zip = overlappingZip(await deflatedZeros(3 * MiB), 3 * MiB, 10);
    const dest = join(base, 'total');
    await expect(unpackArchive(zip, dest, limits)).rejects.toThrow('the archive unpacks to more than 8 MiB');
    expect(await bytesUnder(dest)).toBeLessThanOrEqual(8 * MiB + 64 * 1024);
  });

  test('a gzip bomb stops at the total', async () => {
    const tgz = gzipSync(await tarOf({ a: Buffer.alloc(3 * MiB), b: Buffer.alloc(3 * MiB), c: Buffer.alloc(3 * MiB) }));
    await expect(unpackArchive(tgz, join(base, 'gz'), limits)).rejects.toThrow('the archive unpacks to more than 8 MiB');
  });

  test('a tar entry over the entry cap', async () => {
    await expect(unpackArchive(await tarOf({ big: Buffer.alloc(5 * MiB) }), join(base, 'tar'), limits)).rejects.toThrow('the archive entry "big" unpacks to more than 4 MiB');
  });

  test('too many entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x']));
    await expect(unpackArchive(storedZip(files), join(base, 'many'), limits)).rejects.toThrow('the archive holds more than 20 files');
    await expect(unpackArchive(await tarOf(files), join(base, 'many-tar'), limits)).rejects.toThrow('the archive holds more than 20 files');
  });

  test.each([
    ['truncated zip', () => storedZip({ 'a/b': 'hello' }).subarray(0, 40), 'not a valid zip archive'],
    ['zip cut before its directory', () => storedZip({ 'a/b': 'hello', 'a/c': 'x' }).subarray(0, 60), 'not a valid zip archive'],
    ['empty', () => Buffer.alloc(0), 'the archive holds no files'],
    ['text', () => Buffer.from('hello world, not an archive'), 'not a valid tar or zip archive'],
  ])('%s: one clear line', async (_what, make, message) => {
    await expect(unpackArchive(make(), join(base, 'bad'), limits)).rejects.toThrow(message);
  });
});
