/**
 * Build-context streaming of a large generated repo (≥ 200 MB, ≥ 10k files):
 * berth's context stage (git archive through tar-stream, as the daemon runs
 * it) against `git archive > /dev/null` alone, and the peak RSS of the process
 * running the stage.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { streamContext } from '../src/context/index.js';
import { tmpHome } from '../test/helpers/engine.js';

export interface ContextFigures {
  files: number;
  bytes: number;
  gitArchiveMs: number;
  berthContextMs: number;
  gitArchiveMBps: number;
  berthContextMBps: number;
  rssBeforeMB: number;
  peakRssMB: number;
}

export async function benchContext(files = 10_000, fileBytes = 21_000): Promise<ContextFigures> {
  const repo = await generateRepo(files, fileBytes);
  const bytes = files * fileBytes;
  const t0 = performance.now();
  await execa('sh', ['-c', 'git archive --format=tar HEAD > /dev/null'], { cwd: repo });
  const gitArchiveMs = performance.now() - t0;

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t1 = performance.now();
  const context = streamContext({ repo, rev: 'HEAD', gitEnv: {} });
  let seen = 0;
  await pipeline(context.tar, new Writable({ write: (chunk: Buffer, _e, done) => ((seen += chunk.length), done()) }));
  await context.done;
  const berthContextMs = performance.now() - t1;
  clearInterval(sampler);
  if (seen < bytes) throw new Error(`context too small: ${seen} < ${bytes}`);
  const mb = bytes / 1e6;
  return {
    files,
    bytes,
    gitArchiveMs,
    berthContextMs,
    gitArchiveMBps: mb / (gitArchiveMs / 1000),
    berthContextMBps: mb / (berthContextMs / 1000),
    rssBeforeMB: rssBefore / 1e6,
    peakRssMB: peak / 1e6,
  };
}

async function generateRepo(files: number, fileBytes: number): Promise<string> {
  const dir = join(await tmpHome(), 'big');
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${Math.floor(i / 500)}`);
    if (i % 500 === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `f${i}.bin`), randomBytes(fileBytes));
  }
  const env = { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' };
  await execa('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  await execa('git', ['add', '-A'], { cwd: dir });
  await execa('git', ['commit', '-qm', 'big'], { cwd: dir, env });
  return dir;
}
