/**
 * `npm run bench:soak`: 20 deploys (pushes) of one app under a constant
 * request loop through the router. Prints, and writes to
 * bench/results/soak.json, the failed requests (the target is 0) and the
 * daemon's resident memory after each deploy (the target: the last within
 * 20% of the first, read from /proc/PID/status with the loop running).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker } from '../src/docker.js';
import { ensureFixtureImages } from '../fixtures/images/build.js';
import { commitFiles, nodeApp } from '../test/helpers/apps.js';
import { startDaemon } from '../test/helpers/daemon.js';
import { git } from '../test/helpers/git.js';
import { requestLoop } from '../test/helpers/http.js';

const DEPLOYS = Number(process.env.SOAK_DEPLOYS ?? 20);

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
}

async function push(dir: string, url: string): Promise<number> {
  const t0 = performance.now();
  const res = await git(dir, 'push', url, 'main');
  if (res.exitCode !== 0) throw new Error(`push failed: ${res.stderr}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  await ensureFixtureImages(new Docker());
  // SOAK_NODE_OPTIONS: V8 flags for the daemon, to tell heap sizing from a leak.
  const nodeOptions = process.env.SOAK_NODE_OPTIONS;
  const daemon = await startDaemon(['--drain-timeout', '5'], nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {});
  const app = `soak-${Date.now().toString(36)}`;
  try {
    const dir = await nodeApp();
    await push(dir, daemon.gitUrl(app));
    let stop!: () => void;
    const loop = requestLoop(daemon.routerPort, `${app}.localhost`, new Promise<void>((resolve) => (stop = resolve)));
    // The first figure includes the loop's own connections, settled.
    await new Promise((r) => setTimeout(r, 2_000));
    const rss = [await rssKiB(daemon.pid)];
    const pushMs: number[] = [];
    const started = performance.now();
    try {
      for (let i = 2; i <= DEPLOYS; i++) {
        await commitFiles(dir, { 'version.txt': `v${i}\n` }, `v${i}`);
        pushMs.push(await push(dir, daemon.gitUrl(app)));
        rss.push(await rssKiB(daemon.pid));
      }
    } finally {
      stop();
    }
    const result = await loop;
    const first = rss[0] as number;
    const last = rss.at(-1) as number;
    const figures = {
      date: new Date().toISOString(),
      nodeOptions: nodeOptions ?? null,
      deploys: DEPLOYS,
      seconds: (performance.now() - started) / 1000,
      requests: { ok: result.ok, failed: result.failed, failures: result.failures.slice(0, 20), lastVersionServed: result.bodies.has(`hello from node v${DEPLOYS}`) },
      pushMs: pushMs.map(Math.round),
      rssKiB: rss,
      rssGrowth: (last - first) / first,
    };
    console.log(`soak: ${DEPLOYS} deploys in ${figures.seconds.toFixed(0)} s; requests ${result.ok} ok, ${result.failed} failed`);
    console.log(`  daemon RSS (kB) after each deploy: ${rss.join(' ')}`);
    console.log(`  last vs first: ${(figures.rssGrowth * 100).toFixed(1)}% (target: within 20%)`);
    const dirOut = join(import.meta.dirname, '..', '..', 'bench', 'results');
    await mkdir(dirOut, { recursive: true });
    await writeFile(join(dirOut, 'soak.json'), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await daemon.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
