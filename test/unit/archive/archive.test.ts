import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, describe, expect, test } from 'vitest';
import { unpackArchive } from '../../../src/archive/index.js';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: name.endsWith('.sh') ? 0o755 : 0o644 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

// A zip made by another implementation (Python's zipfile), stored and deflated entries.
async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const script = `import sys, zipfile, io, json
files = json.loads(sys.argv[1])
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    for i, (name, text) in enumerate(files.items()):
        z.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED)
sys.stdout.buffer.write(buf.getvalue())`;
  const res = await execa('python3', ['-c', script, JSON.stringify(files)], { encoding: 'buffer' });
  return Buffer.from(res.stdout);
}

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

describe('unpackArchive', () => {
  test.each([
    ['tar', async (f: Record<string, string>) => tarOf(f)],
    ['tar.gz', async (f: Record<string, string>) => gzipSync(await tarOf(f))],
    ['zip', zipOf],
  ])('%s: files land with one top-level folder stripped', async (_kind, make) => {
    const dest = await mkdtemp(join(tmpdir(), 'berth-unpack-'));
    made.push(dest);
    const { count, tree } = await unpackArchive(await make({ 'repo-main/Dockerfile': 'FROM x\n', 'repo-main/src/run.sh': 'echo hi\n', 'repo-main/big.txt': 'a'.repeat(5000) }), dest);
    expect(count).toBe(3);
    expect(tree).toBe(join(dest, 'repo-main'));
    expect(await readFile(join(tree, 'Dockerfile'), 'utf8')).toBe('FROM x\n');
    expect(await readFile(join(tree, 'src/run.sh'), 'utf8')).toBe('echo hi\n');
    expect((await stat(join(tree, 'big.txt'))).size).toBe(5000);
  });

  test('entries that escape the tree are refused', async () => {
    const dest = await mkdtemp(join(tmpdir(), 'berth-unpack-'));
    made.push(dest);
    await expect(unpackArchive(await tarOf({ 'a/ok': 'x', '../evil': 'x' }), dest)).rejects.toThrow('points outside the tree');
  });
});
