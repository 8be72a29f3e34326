/**
 * The build context's stream never throws into the void: a builder that
 * stops reading, or a reader that dies, ends it with a handled error.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { streamContext } from '../../../src/context/index.js';

let dir: string;
let rev: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-t-ctx-'));
  await writeFile(join(dir, 'big.bin'), randomBytes(3 * 1024 * 1024));
  await writeFile(join(dir, 'small.txt'), 'hello\n');
  const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', HOME: dir };
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-qm', 'x']]) await execa('git', args, { cwd: dir, env });
  rev = (await execa('git', ['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('streamContext', () => {
  test('a small context read only after git exited is whole', async () => {
    const small = await mkdtemp(join(tmpdir(), 'berth-t-ctx-small-'));
    try {
      await writeFile(join(small, 'Dockerfile'), 'FROM scratch\n');
      const env = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', HOME: small };
      for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-qm', 'x']]) await execa('git', args, { cwd: small, env });
      const expected = (await execa('git', ['archive', '--format=tar', 'HEAD'], { cwd: small, encoding: 'buffer' })).stdout;
      const ctx = streamContext({ repo: join(small, '.git'), rev: 'HEAD', gitEnv: {} });
      await ctx.done;
      const chunks: Buffer[] = [];
      await pipeline(ctx.tar, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }));
      expect(Buffer.concat(chunks).equals(Buffer.from(expected))).toBe(true);
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  test('read to the end, it holds every file', async () => {
    const ctx = streamContext({ repo: join(dir, '.git'), rev, gitEnv: {} });
    let size = 0;
    await pipeline(ctx.tar, new Writable({ write: (c: Buffer, _e, cb) => ((size += c.length), cb()) }));
    await ctx.done;
    expect(size).toBeGreaterThan(3 * 1024 * 1024);
  });

  test('never read, then cancelled mid-file: done rejects, nothing is thrown elsewhere', async () => {
    const ctx = streamContext({ repo: join(dir, '.git'), rev, gitEnv: {} });
    await new Promise((r) => setTimeout(r, 300));
    ctx.cancel();
    await expect(ctx.done).rejects.toThrow('the build stopped reading its context');
    await new Promise((r) => setTimeout(r, 300));
  });

  test('a reader that dies mid-stream: done rejects, nothing is thrown elsewhere', async () => {
    const ctx = streamContext({ repo: join(dir, '.git'), rev, gitEnv: {} });
    let seen = 0;
    const dying = new Writable({
      write(c: Buffer, _e, cb) {
        seen += c.length;
        cb(seen > 1024 * 1024 ? new Error('the engine went away') : null);
      },
    });
    await expect(pipeline(ctx.tar, dying)).rejects.toThrow('the engine went away');
    ctx.cancel();
    await expect(ctx.done).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
  });

  test('a reader that destroys the stream without reading on', async () => {
    const ctx = streamContext({ repo: join(dir, '.git'), rev, gitEnv: {} });
    ctx.tar.once('data', () => ctx.tar.destroy(new Error('socket hang up')));
    ctx.tar.on('error', () => undefined);
    await expect(ctx.done).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
  });
});
