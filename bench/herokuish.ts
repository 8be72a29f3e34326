/** Herokuish builds through the fixture builder: cold cache vs warm cache. */
import { join } from 'node:path';
import { commitFiles } from '../test/helpers/apps.js';
import { startDaemon } from '../test/helpers/daemon.js';
import { tmpHome } from '../test/helpers/engine.js';
import { copyFixtureApp, git } from '../test/helpers/git.js';

export interface HerokuishFigures {
  coldMs: number[];
  warmMs: number[];
}

export async function benchHerokuish(runs: number): Promise<HerokuishFigures> {
  const daemon = await startDaemon();
  const app = `benchh-${Date.now().toString(36)}`;
  const figures: HerokuishFigures = { coldMs: [], warmMs: [] };
  try {
    await daemon.berth('buildpacks:set-property', '--global', 'stack', 'berth-fixture/herokuish:latest');
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('buildpack-node', dir);
    for (let i = 0; i < runs; i++) {
      await daemon.berth('repo:purge-cache', app);
      figures.coldMs.push(await timedPush(dir, daemon.gitUrl(app), `cold ${i}`));
      figures.warmMs.push(await timedPush(dir, daemon.gitUrl(app), `warm ${i}`));
    }
  } finally {
    await daemon.stop();
  }
  return figures;
}

async function timedPush(dir: string, url: string, label: string): Promise<number> {
  await commitFiles(dir, { 'README.md': `${label}\n` }, label);
  const t0 = performance.now();
  const res = await git(dir, 'push', url, 'main');
  if (res.exitCode !== 0) throw new Error(`push failed: ${res.stderr}`);
  return performance.now() - t0;
}
