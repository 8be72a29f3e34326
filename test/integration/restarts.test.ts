/**
 * A daemon killed in the middle of a deploy: on its next start nothing of
 * the dead deploy is left in the engine, the old release serves, the deploy
 * is recorded as interrupted, and the next push deploys.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

const docker = new Docker();
const daemons: TestDaemon[] = [];

afterAll(async () => {
  // The last daemon owns the home and the engine objects; the killed ones are gone.
  await daemons.at(-1)?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a daemon killed mid-deploy', () => {
  test('leaves no container of the dead deploy; the old release serves; the next push deploys', async () => {
    const first = await startDaemon();
    daemons.push(first);
    const app = uniqueApp('killed');
    const dir = await nodeApp();
    expect((await git(dir, 'push', first.gitUrl(app), 'main')).exitCode).toBe(0);
    const [v1] = await docker.listContainers({ 'berth.instance': first.instance, 'berth.app': app, 'berth.process': 'web' });

    await commitFiles(dir, { 'version.txt': 'v2\n', Procfile: 'web: node server.js\nrelease: sleep 120\n' }, 'slow release');
    const dying = git(dir, 'push', first.gitUrl(app), 'main');
    const task = await until('the release task to run', async () => {
      const list = await docker.listContainers({ 'berth.instance': first.instance, 'berth.app': app, 'berth.task': 'release' });
      return list.find((c) => c.state === 'running');
    });
    const deadDeploy = task.labels['berth.deploy'] as string;
    await first.kill();
    expect((await dying).exitCode).not.toBe(0);

    const second = await startDaemon([], { home: first.home });
    daemons.push(second);
    const left = await docker.listContainers({ 'berth.instance': second.instance, 'berth.app': app });
    expect(left.map((c) => c.id)).toEqual([v1?.id]);
    expect(await docker.listContainers({ 'berth.instance': second.instance, 'berth.deploy': deadDeploy })).toEqual([]);
    expect((await get(second.routerPort, `${app}.localhost`)).body).toBe('hello from node v1\n');
    const deploys = JSON.parse((await second.berth('deploys:list', app, '--format', 'json')).stdout) as { id: number; status: string; error: string | null }[];
    expect(deploys.find((x) => String(x.id) === deadDeploy)).toMatchObject({ status: 'failed', error: 'interrupted: the daemon stopped' });

    await commitFiles(dir, { 'version.txt': 'v3\n', Procfile: 'web: node server.js\n' }, 'v3');
    const next = await git(dir, 'push', second.gitUrl(app), 'main');
    expect(next.exitCode, next.stderr).toBe(0);
    expect((await get(second.routerPort, `${app}.localhost`)).body).toBe('hello from node v3\n');
  });
});
