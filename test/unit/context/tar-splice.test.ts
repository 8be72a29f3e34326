/**
 * Joining tar streams without re-serialising: any chunking gives the same
 * bytes, end blocks and pax global headers go, pax sizes and long names hold.
 */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, test } from 'vitest';
import { archiveSources } from '../../../src/context/index.js';
import { TarSplice } from '../../../src/context/tar-splice.js';

type Entry = { name: string; body: string; type?: 'file' | 'directory' };

/** A ustar header and its padded data, as git writes them (tar-stream cannot write a 'g' entry). */
function rawEntry(name: string, type: string, body: Buffer, sizeField = body.length): Buffer {
  const head = Buffer.alloc(512);
  head.write(name, 0, 100, 'utf8');
  head.write('0000644\0', 100);
  head.write(`${sizeField.toString(8).padStart(11, '0')}\0`, 124);
  head.write('00000000000\0', 136);
  head.write(type, 156);
  head.write('ustar\0' + '00', 257, 'latin1');
  head.write('        ', 148);
  let sum = 0;
  for (const b of head) sum += b;
  head.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([head, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

const globalHeader = () => rawEntry('pax_global_header', 'g', Buffer.from('52 comment=0123456789012345678901234567890123456789\n'));

async function tarOf(entries: (Entry | Buffer)[]): Promise<Buffer> {
  const pack = tar.pack();
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (Buffer.isBuffer(e)) parts.push(e);
    else pack.entry({ name: e.name, type: e.type ?? 'file' }, e.body);
  }
  pack.finalize();
  for await (const c of pack) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function entriesOf(bytes: Buffer): Promise<Entry[]> {
  const extract = tar.extract();
  const out: Entry[] = [];
  Readable.from([bytes]).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.push({ name: entry.header.name, body: Buffer.concat(chunks).toString(), type: entry.header.type as Entry['type'] });
  }
  return out;
}

function splice(archives: Buffer[], chunkSize: number): { bytes: Buffer; entries: number[] } {
  const out: Buffer[] = [];
  const entries: number[] = [];
  for (const archive of archives) {
    const s = new TarSplice();
    for (let i = 0; i < archive.length; i += chunkSize) out.push(...s.take(archive.subarray(i, i + chunkSize)));
    expect(s.ended).toBe(true);
    entries.push(s.entries);
  }
  return { bytes: Buffer.concat([...out, Buffer.alloc(1024)]), entries };
}

const long = `${'deep/'.repeat(30)}file.txt`;
const first: (Entry | Buffer)[] = [
  globalHeader(),
  { name: 'app/', body: '', type: 'directory' },
  { name: 'app/a.txt', body: 'a'.repeat(1000) },
  { name: long, body: 'long name' },
  { name: 'app/empty', body: '' },
];
const second: Entry[] = [{ name: 'sub/b.txt', body: 'b'.repeat(513) }];

describe('TarSplice', () => {
  test.each([1, 7, 511, 512, 513, 4096, 1 << 20])('two archives chunked by %i bytes join into one with every file', async (size) => {
    const { bytes, entries } = splice([await tarOf(first), await tarOf(second)], size);
    expect(entries).toEqual([4, 1]);
    expect(await entriesOf(bytes)).toEqual([
      { name: 'app/', body: '', type: 'directory' },
      { name: 'app/a.txt', body: 'a'.repeat(1000), type: 'file' },
      { name: long, body: 'long name', type: 'file' },
      { name: 'app/empty', body: '', type: 'file' },
      { name: 'sub/b.txt', body: 'b'.repeat(513), type: 'file' },
    ]);
  });

  test('a pax size record sizes the entry after it', async () => {
    const body = Buffer.from('x'.repeat(700));
    const archive = Buffer.concat([rawEntry('PaxHeader', 'x', Buffer.from('13 size=700\n')), rawEntry('big', '0', body, 0), rawEntry('next', '0', Buffer.from('n')), Buffer.alloc(1024)]);
    const s = new TarSplice();
    const out = Buffer.concat(s.take(archive));
    expect([s.entries, s.ended, out.length]).toEqual([2, true, archive.length - 1024]);
  });

  test('passes file bytes through untouched, as slices of the chunks they came in', async () => {
    const archive = await tarOf(second);
    const [data] = new TarSplice().take(archive);
    expect(data?.buffer).toBe(archive.buffer);
  });

  test('a corrupt header is an error, not a guess', async () => {
    const archive = await tarOf(second);
    archive[0] = 0x41;
    expect(() => new TarSplice().take(archive)).toThrow('the tar stream has a corrupt header');
  });
});

describe('archiveSources', () => {
  const base = { repo: '/r', rev: 'abc', gitEnv: {} };
  const sub = (prefix: string) => ({ repo: `/s/${prefix}`, rev: 'def', gitEnv: {}, prefix });

  test('without a build directory: the revision, submodules at their paths', () => {
    expect(archiveSources({ ...base, extra: [sub('lib/x')] })).toEqual([base, sub('lib/x')]);
  });

  test('with one: REV:DIR, submodules inside it moved up, a submodule holding it entered, others left out', () => {
    expect(archiveSources({ ...base, subdir: '/apps/web/', extra: [sub('apps/web/vendor'), sub('apps'), sub('lib'), sub('apps/webby')] })).toEqual([
      { repo: '/r', rev: 'abc:apps/web', gitEnv: {} },
      { ...sub('apps/web/vendor'), prefix: 'vendor' },
      { repo: '/s/apps', rev: 'def:web', gitEnv: {} },
    ]);
  });
});
