/**
 * Build-context streaming of a large generated repo (≥ 200 MB, ≥ 10k files):
 * berth's context stage (as the daemon runs it) against `git archive` alone,
 * both writing into a pipe read by this process and thrown away, alternated
 * run by run on the same warm repo; and the peak RSS of the process running
 * the stage.
 */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { streamContext } from '../src/context/index.js';
import { tmpHome } from '../test/helpers/engine.js';
import { generateRepo } from './big-repo.js';

export interface ContextFigures {
  files: number;
  bytes: number;
  /** Milliseconds per run. */
  gitArchiveMs: number[];
  /** `git archive > /dev/null`: git with no reader at all. */
  gitArchiveDevNullMs: number[];
  berthContextMs: number[];
  rssBeforeMB: number;
  peakRssMB: number;
}

export async function benchContext(runs: number, files = 10_000, fileBytes = 21_000): Promise<ContextFigures> {
  const home = await tmpHome();
  try {
    const repo = await generateRepo(join(home, 'big'), files, fileBytes);
    const bytes = files * fileBytes;
    const figures: ContextFigures = { files, bytes, gitArchiveMs: [], gitArchiveDevNullMs: [], berthContextMs: [], rssBeforeMB: 0, peakRssMB: 0 };
    // One unmeasured pass of each warms the page cache for both.
    await gitArchive(repo, bytes);
    await berthContext(repo, bytes);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    for (let r = 0; r < runs; r++) {
      figures.gitArchiveDevNullMs.push(await timed(() => execa('sh', ['-c', 'git archive --format=tar HEAD > /dev/null'], { cwd: repo })));
      figures.gitArchiveMs.push(await gitArchive(repo, bytes));
      figures.berthContextMs.push(await berthContext(repo, bytes));
    }
    clearInterval(sampler);
    return { ...figures, rssBeforeMB: rssBefore / 1e6, peakRssMB: peak / 1e6 };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** `git archive` alone, its tar read from a plain pipe by this process (node's own spawn: execa's stream wrapping would slow the baseline). */
function gitArchive(repo: string, bytes: number): Promise<number> {
  return timed(async () => {
    const child = spawn('git', ['archive', '--format=tar', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    await drain(child.stdout, bytes);
    const [code] = (await exited) as [number | null];
    if (code !== 0) throw new Error(`git archive exited ${code}`);
  });
}

function berthContext(repo: string, bytes: number): Promise<number> {
  return timed(async () => {
    const context = streamContext({ repo, rev: 'HEAD', gitEnv: {} });
    await drain(context.tar, bytes);
    await context.done;
  });
}

async function drain(stream: Readable, atLeast: number): Promise<void> {
  let seen = 0;
  await pipeline(stream, new Writable({ write: (chunk: Buffer, _e, done) => ((seen += chunk.length), done()) }));
  if (seen < atLeast) throw new Error(`tar too small: ${seen} < ${atLeast}`);
}
