/**
 * A berth home on a small tmpfs that fills up: the push fails with a clear
 * line, the database stays whole, and once space is freed the next push
 * deploys.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { open, rm, rmdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

let mount: string;
let d: TestDaemon | undefined;

beforeAll(async () => {
  mount = await tmpHome();
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0700', 'tmpfs', mount]);
  d = await startDaemon([], { home: join(mount, 'home') });
});

afterAll(async () => {
  await d?.stop();
  await execa('umount', [mount], { reject: false });
  await rmdir(mount).catch(() => undefined);
});

/** Writes zeros into `file` until the disk has `leave` bytes free (or none). */
async function fill(file: string, leave: number): Promise<void> {
  const fh = await open(file, 'a');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) {
      const fs = await statfs(mount);
      const room = fs.bavail * fs.bsize - leave;
      if (room <= 0) return;
      await fh.write(chunk, 0, Math.min(chunk.length, room));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await fh.close();
  }
}

function integrity(home: string): unknown {
  const db = new Database(join(home, 'berth.db'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

describe('a full disk', () => {
  test('fails the push with one clear line, keeps the database, and the next push after freeing space deploys', async () => {
    const daemon = d as TestDaemon;
    const app = uniqueApp('fulldisk');
    const dir = await nodeApp();
    const url = daemon.gitUrl(app);
    expect((await git(dir, 'push', url, 'main')).exitCode).toBe(0);
    const v1 = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    const deploys = async () => (JSON.parse((await daemon.berth('deploys:list', app, '--format', 'json')).stdout) as unknown[]).length;

    // Room for git's objects, not for a deploy.
    const fillers = [join(mount, 'filler-1'), join(mount, 'filler-2')];
    await fill(fillers[0] as string, 4 * 1024 * 1024);
    await commitFiles(dir, { 'version.txt': 'v2\n' }, 'v2');
    const low = await git(dir, 'push', url, 'main');
    expect(low.exitCode).not.toBe(0);
    expect(low.stderr).toMatch(/remote: {2}! {5}the disk holding .* is full \(\d+\.\d MiB free, a deploy needs 16\.0 MiB\); free some space and push again/);

    // No room at all: git itself cannot take the objects.
    await commitFiles(dir, { 'version.txt': 'v3\n', 'big.bin': 'x'.repeat(64 * 1024) + Math.random() }, 'v3');
    await fill(fillers[1] as string, 0);
    const full = await git(dir, 'push', url, 'main');
    expect(full.exitCode).not.toBe(0);
    expect(full.stderr).toContain("remote: fatal: unable to write loose object file: No space left on device");

    expect(integrity(daemon.home)).toBe('ok');
    expect((await get(daemon.routerPort, `${app}.localhost`)).body).toBe('hello from node v1\n');
    expect((await git(dir, 'ls-remote', url, 'refs/heads/main')).stdout).toContain(v1);

    for (const f of fillers) await rm(f);
    expect(await deploys()).toBe(1);
    const next = await git(dir, 'push', url, 'main');
    expect(next.exitCode, next.stderr).toBe(0);
    expect((await get(daemon.routerPort, `${app}.localhost`)).body).toBe('hello from node v3\n');
    expect(await deploys()).toBe(2);
  });
});
