/**
 * Warm redeploy: push-to-serving time for a one-line change to the node
 * fixture app, beside the bare Docker work for the same change in the same
 * run (build with the same cache, run, first 200).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker } from '../src/docker.js';
import { startDaemon } from '../test/helpers/daemon.js';
import { copyFixtureApp, git } from '../test/helpers/git.js';
import { tmpHome } from '../test/helpers/engine.js';
import { get } from '../test/helpers/http.js';
import { bareDeploy } from './bare-docker.js';

export interface PushFigures {
  runs: number;
  berthWarmRedeployMs: number[];
  /** The same with `checks:set APP wait 0`: without the default 2 s uptime check. */
  berthNoUptimeCheckMs: number[];
  bareDockerMs: number[];
}

export async function benchPush(runs: number): Promise<PushFigures> {
  const docker = new Docker();
  const daemon = await startDaemon();
  const app = `bench-${Date.now().toString(36)}`;
  const dir = join(await tmpHome(), 'app');
  const figures: PushFigures = { runs, berthWarmRedeployMs: [], berthNoUptimeCheckMs: [], bareDockerMs: [] };
  try {
    await copyFixtureApp('node', dir);
    await pushOrThrow(dir, daemon.gitUrl(app));
    await bareDeploy(docker, dir, 'cold'); // warms the bare cache the same way
    const redeploy = async (label: string) => {
      const version = `${label}-${Date.now()}`;
      await writeFile(join(dir, 'version.txt'), `${version}\n`);
      await git(dir, 'commit', '-qam', version);
      // Serving starts at the switch; the push returns after the uptime window (checks:set wait) that follows it.
      const t0 = performance.now();
      const pushed = pushOrThrow(dir, daemon.gitUrl(app));
      const served = untilServes(daemon.routerPort, `${app}.localhost`, version).then(() => performance.now() - t0);
      const [ms] = await Promise.all([served, pushed]);
      return { ms, version };
    };
    for (let i = 0; i < runs; i++) {
      const { ms, version } = await redeploy(`warm-${i}`);
      figures.berthWarmRedeployMs.push(ms);
      figures.bareDockerMs.push(await bareDeploy(docker, dir, version));
    }
    await daemon.berth('checks:set', app, 'wait', '0');
    for (let i = 0; i < runs; i++) figures.berthNoUptimeCheckMs.push((await redeploy(`nowait-${i}`)).ms);
  } finally {
    await daemon.stop();
  }
  return figures;
}

async function pushOrThrow(dir: string, url: string): Promise<void> {
  const res = await git(dir, 'push', url, 'main');
  if (res.exitCode !== 0) throw new Error(`push failed: ${res.stderr}`);
}

async function untilServes(port: number, host: string, text: string): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    const answer = await get(port, host).catch(() => undefined);
    if (answer?.body.includes(text)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${host} never served ${text}`);
}
