/**
 * Seeded, bounded fuzzing of every parser berth feeds with user input: each
 * input either parses or fails with berth's expected error type (UserError;
 * StageError for the files a deploy reads; HttpError for request paths) —
 * never a TypeError, a RangeError or a hang.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unpackArchive } from '../../src/archive/index.js';
import { HttpError, StageError, UserError } from '../../src/core/errors.js';
import { isValidRefName } from '../../src/git.js';
import { appFromRepoPath } from '../../src/apps/names.js';
import { parseRefUpdates } from '../../src/receive/plan.js';
import { parseAppJson } from '../../src/release/app-json.js';
import { parseProcfile } from '../../src/release/procfile.js';
import { classifySource } from '../../src/git/remote-urls.js';
import { parseGitRoute } from '../../src/server/git-http.js';
import { splitWords } from '../../src/server/words.js';
import { storedZip, tarOf } from '../helpers/archives.js';

/** mulberry32: a small seeded generator, so a failure names its case and repeats. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ` \t\n\r"'\\\`$;|&:#=-_./*[]{}(),@~^?!0123456789abcXYZ\u0000\u00e9\u{1F600}`;

function randomText(r: () => number, max: number, alphabet = ALPHABET): string {
  const chars = [...alphabet];
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

function mutate(r: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, randomText(r, 4) || '"');
    else chars.splice(at, 1, randomText(r, 2));
  }
  return chars.join('');
}

function expectOnly(allowed: (new (...a: never[]) => Error)[], fn: () => unknown, input: unknown): void {
  try {
    fn();
  } catch (err) {
    if (!allowed.some((type) => err instanceof type)) throw new Error(`input ${JSON.stringify(input).slice(0, 300)} threw ${String(err)}`);
  }
}

const CASES = 400;

describe('text parsers', () => {
  const validAppJson = JSON.stringify({
    scripts: { dokku: { predeploy: 'x', postdeploy: 'y' } },
    healthchecks: { web: [{ type: 'startup', path: '/', attempts: 2, port: 5000 }] },
    formation: { web: { quantity: 2 } },
  });

  test('app.json: parses or StageError', () => {
    const r = rng(1);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, validAppJson) : randomText(r, 200, '{}[]":,0123456789.-etruflanscriptdokkuhealthchecksformation ');
      expectOnly([StageError, UserError], () => parseAppJson(input), input);
    }
    for (const input of ['[]', 'null', '1e400', '"x"', '{"healthchecks":{"web":{}}}', '{"formation":{"web":{"quantity":-1}}}', '['.repeat(100_000), '{"a":'.repeat(50_000)]) {
      expectOnly([StageError, UserError], () => parseAppJson(input), input);
    }
  });

  test('Procfile: parses or StageError', () => {
    const r = rng(2);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, 'web: node server.js\nworker: node w.js\n# c\n') : randomText(r, 200);
      expectOnly([StageError, UserError], () => parseProcfile(input), input);
    }
    const long = `web: ${'a '.repeat(200_000)}\n${'x'.repeat(200_000)}`;
    const t0 = Date.now();
    expectOnly([StageError, UserError], () => parseProcfile(long), 'long');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test('SSH command words: words or UserError', () => {
    const r = rng(3);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, `git-receive-pack 'app.git'`) : randomText(r, 120);
      expectOnly([UserError], () => splitWords(input), input);
    }
    expect(splitWords(`a "b c" 'd' e\\ f`)).toEqual(['a', 'b c', 'd', 'e f']);
  });

  test('SSH/HTTP repo paths: an app name or UserError', () => {
    const r = rng(4);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, `'/my-app.git'`) : randomText(r, 80);
      expectOnly([UserError], () => appFromRepoPath(input), input);
    }
  });

  test('git HTTP routes: a route or HttpError', () => {
    const r = rng(5);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, '/app.git/info/refs?service=git-upload-pack') : `/${randomText(r, 80)}`;
      expectOnly([HttpError], () => parseGitRoute(r() < 0.5 ? 'GET' : 'POST', input), input);
    }
  });

  test("ref update lines (the hook's stdin): updates or UserError", () => {
    const r = rng(6);
    const line = `${'0'.repeat(40)} ${'a'.repeat(40)} refs/heads/main\n`;
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.7 ? mutate(r, line) : randomText(r, 120);
      expectOnly([UserError], () => parseRefUpdates(input), input);
    }
  });

  test('ref names and source URLs: never throw', () => {
    const r = rng(7);
    for (let i = 0; i < CASES; i++) {
      const input = r() < 0.5 ? mutate(r, 'refs/heads/feature/x') : randomText(r, 80);
      expectOnly([], () => isValidRefName(input), input);
      expectOnly([], () => classifySource(r() < 0.5 ? mutate(r, 'https://example.com/a.git') : input), input);
    }
    expect(isValidRefName(`refs/heads/${'a'.repeat(3000)}`)).toBe(false);
  });
});

describe('archives', () => {
  let base: string;
  let n = 0;
  const limits = { total: 4 * 1024 * 1024, entry: 2 * 1024 * 1024, entries: 200 };

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'berth-t-fuzz-'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function unpackOrUserError(buf: Buffer, label: string): Promise<void> {
    const dest = join(base, String(n++));
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${label}: hung`)), 10_000).unref());
    try {
      await Promise.race([unpackArchive(buf, dest, limits), deadline]);
    } catch (err) {
      if (!(err instanceof UserError)) throw new Error(`${label} threw ${String(err)}`, { cause: err });
    } finally {
      await rm(dest, { recursive: true, force: true });
    }
  }

  test.each(['tar', 'tar.gz', 'zip'])('%s: truncated, corrupted and with huge headers: unpacks or UserError', { timeout: 120_000 }, async (kind) => {
    const files = { 'app/Dockerfile': 'FROM x\n', 'app/a/b.txt': 'b'.repeat(3000), 'app/run.sh': 'echo\n' };
    const valid = kind === 'zip' ? storedZip(files) : kind === 'tar' ? await tarOf(files) : gzipSync(await tarOf(files));
    const r = rng(kind.length * 7919);
    for (let i = 0; i < 150; i++) {
      const op = r();
      let buf: Buffer;
      if (op < 0.4) buf = valid.subarray(0, Math.floor(r() * valid.length));
      else {
        buf = Buffer.from(valid);
        for (let k = 0; k < 1 + Math.floor(r() * 8); k++) buf[Math.floor(r() * buf.length)] = Math.floor(r() * 256);
      }
      await unpackOrUserError(buf, `${kind} case ${i}`);
    }
    // Header fields at their extremes: sizes, name lengths, counts.
    for (const patch of [0xff, 0x00, 0x7f]) {
      const buf = Buffer.from(valid);
      if (kind === 'zip') for (let at = buf.length - 22; at < buf.length; at++) buf[at] = at % 2 ? patch : buf[at] as number;
      else if (kind === 'tar') buf.fill(patch === 0 ? 0x30 : 0x37, 124, 135);
      else buf.fill(patch, 10, 30);
      await unpackOrUserError(buf, `${kind} extreme ${patch}`);
    }
  });

  test('tar entries with pax and long-name headers, absolute and .. names', async () => {
    await unpackOrUserError(await tarOf({ ['a/'.repeat(2000) + 'x']: 'x' }), 'long name');
    await unpackOrUserError(await tarOf({ '/etc/passwd': 'x' }), 'absolute');
    await unpackOrUserError(await tarOf({ 'a/../../x': 'x' }), 'dotdot');
    await unpackOrUserError(await tarOf({ 'a/.git/config': 'x' }), '.git');
    await unpackOrUserError(await tarOf({ 'a/x': 'x', 'a/x/y': 'y' }), 'file then dir');
    await unpackOrUserError(await tarOf({ x: 'x' }, { pax: { path: 'y'.repeat(100_000), comment: 'z'.repeat(100_000) } }), 'pax');
  });
});
