/**
 * The push path end to end: the real git CLI pushes over HTTP to a real
 * daemon, which builds with the real engine and serves through its router.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';
import { tmpHome } from '../helpers/engine.js';

const docker = new Docker();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function daemon(args: string[] = []): Promise<TestDaemon> {
  const d = await startDaemon(args);
  cleanups.push(() => d.stop());
  return d;
}

async function staticApp(version: string): Promise<string> {
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  return commitVersion(dir, version);
}

async function commitVersion(dir: string, version: string): Promise<string> {
  await writeFile(join(dir, 'index.html'), `${version}\n`);
  await git(dir, 'commit', '-qam', `version ${version}`);
  return dir;
}

async function push(dir: string, url: string, refspec = 'main') {
  return git(dir, 'push', url, refspec);
}

async function head(dir: string): Promise<string> {
  return (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
}

async function serverRef(d: TestDaemon, app: string, ref = 'refs/heads/main'): Promise<string> {
  const res = await git(d.home, 'ls-remote', d.gitUrl(app), ref);
  return res.stdout.split(/\s/)[0] ?? '';
}

describe('git push over HTTP', () => {
  test('the first push creates the app and serves it, showing phases and the URL', async () => {
    const d = await daemon();
    const app = uniqueApp('first');
    const dir = await staticApp('v1');
    const res = await push(dir, d.gitUrl(app));
    expect(res.exitCode, res.stderr).toBe(0);
    for (const phase of ['receive', 'build', 'release', 'deploy']) expect(res.stderr).toMatch(new RegExp(`remote: -----> ${phase} done in \\d+\\.\\ds`));
    expect(res.stderr).toContain('remote:        Step 1/');
    expect(res.stderr).toContain(`remote: =====> Application deployed: http://${app}.localhost:${d.routerPort}`);
    expect(await get(d.routerPort, `${app}.localhost`)).toEqual({ status: 200, body: 'v1\n' });

    const list = await d.berth('apps:list');
    expect(list.stdout).toContain(app);
    const deploys = await d.berth('deploys:list', app, '--format', 'json');
    const [first] = JSON.parse(deploys.stdout) as { status: string; rev: string; image: string }[];
    expect(first).toMatchObject({ status: 'succeeded', rev: await head(dir), image: expect.stringMatching(new RegExp(`^berth-${d.instance}/${app}:\\d+-[0-9a-f]{16}$`)) });
    const containers = await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app });
    expect(containers.map((c) => c.labels['berth.process'])).toEqual(['web']);
  });

  test('unknown hosts get a 404 naming no internals', async () => {
    const d = await daemon();
    const res = await get(d.routerPort, 'nothing-here.localhost');
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/berth|127\.0\.0\.1|5000/i);
  });

  test('a second push swaps to the new version with zero failed requests', async () => {
    const d = await daemon();
    const app = uniqueApp('swap');
    const dir = await staticApp('v1');
    expect((await push(dir, d.gitUrl(app))).exitCode).toBe(0);
    await commitVersion(dir, 'v2');
    const pushing = push(dir, d.gitUrl(app));
    const loop = await requestLoop(d.routerPort, `${app}.localhost`, pushing);
    const res = await pushing;
    expect(res.exitCode, res.stderr).toBe(0);
    expect(loop.failures).toEqual([]);
    expect(loop.ok).toBeGreaterThan(10);
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('v2\n');
    expect([...loop.bodies.keys()].every((b) => b === 'v1' || b === 'v2')).toBe(true);
  });

  test('a failing build rejects the push; the branch and the served version stay', async () => {
    const d = await daemon();
    const app = uniqueApp('fail');
    const dir = await staticApp('v1');
    expect((await push(dir, d.gitUrl(app))).exitCode).toBe(0);
    const good = await head(dir);
    await writeFile(join(dir, 'Dockerfile'), 'FROM berth-fixture/busybox:latest\nRUN false\n');
    await git(dir, 'commit', '-qam', 'break the build');
    const res = await push(dir, d.gitUrl(app));
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('! [remote rejected] main -> main (pre-receive hook declined)');
    expect(res.stderr).toMatch(/remote: {2}! {5}deploy failed: .*returned a non-zero code: 1/);
    expect(await serverRef(d, app)).toBe(good);
    expect(await get(d.routerPort, `${app}.localhost`)).toEqual({ status: 200, body: 'v1\n' });
    const deploys = JSON.parse((await d.berth('deploys:list', app, '--format', 'json')).stdout) as { status: string }[];
    expect(deploys.map((x) => x.status)).toEqual(['succeeded', 'failed']);
  });

  test('an app that never listens fails its deploy with its logs; the old version serves', async () => {
    const d = await daemon(['--ready-timeout', '4']);
    const app = uniqueApp('deaf');
    const dir = await staticApp('v1');
    expect((await push(dir, d.gitUrl(app))).exitCode).toBe(0);
    await writeFile(join(dir, 'Dockerfile'), 'FROM berth-fixture/busybox:latest\nCMD ["sh", "-c", "echo not listening today; sleep 3600"]\n');
    await git(dir, 'commit', '-qam', 'never listen');
    const res = await push(dir, d.gitUrl(app));
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('web.1 did not answer HTTP on $PORT within 4s');
    expect(res.stderr).toContain('remote:        not listening today');
    expect(await get(d.routerPort, `${app}.localhost`)).toEqual({ status: 200, body: 'v1\n' });
    const containers = await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app });
    expect(containers).toHaveLength(1);
  });

  test('other branches and tags are stored, not deployed', async () => {
    const d = await daemon();
    const app = uniqueApp('branches');
    const dir = await staticApp('v1');
    expect((await push(dir, d.gitUrl(app))).exitCode).toBe(0);
    await commitVersion(dir, 'feature');
    await git(dir, 'tag', 'v9');
    const res = await git(dir, 'push', d.gitUrl(app), 'main:feature', 'v9');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('remote: -----> feature: stored, not deployed');
    expect(res.stderr).toContain('remote: -----> v9: stored, not deployed');
    expect(await serverRef(d, app, 'refs/heads/feature')).toBe(await head(dir));
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('v1\n');
  });

  test('invalid app names are refused with a clear message', async () => {
    const d = await daemon();
    const dir = await staticApp('v1');
    const res = await push(dir, `http://127.0.0.1:${d.httpPort}/My_App.git`);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain("may only contain lowercase alphanumerics, dots, and hyphens (got 'My_App')");
    for (const path of ['/../etc.git/info/refs?service=git-receive-pack', '/%2e%2e.git/info/refs?service=git-receive-pack', '/a%2fb.git/info/refs?service=git-receive-pack']) {
      const answer = await get(d.httpPort, '127.0.0.1', path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
    }
    expect((await d.berth('apps:list', '--format', 'json')).stdout.trim()).toBe('[]');
  });

  test('two concurrent pushes deploy one after the other; the branch names what serves', async () => {
    const d = await daemon();
    const app = uniqueApp('race');
    const a = await staticApp('base');
    expect((await push(a, d.gitUrl(app))).exitCode).toBe(0);
    const b = join(await tmpHome(), 'b');
    await git(a, 'clone', '-q', a, b);
    await git(b, 'config', 'user.email', 'b@example.com');
    await git(b, 'config', 'user.name', 'b');
    await commitVersion(a, 'from-a');
    await commitVersion(b, 'from-b');
    const [ra, rb] = await Promise.all([push(a, d.gitUrl(app)), push(b, d.gitUrl(app))]);
    expect(ra.stderr + rb.stderr).toContain(`remote: -----> waiting for the deploy of ${app} to finish`);
    const served = (await get(d.routerPort, `${app}.localhost`)).body.trim();
    const branch = await serverRef(d, app);
    const winner = served === 'from-a' ? a : b;
    expect(['from-a', 'from-b']).toContain(served);
    expect(branch).toBe(await head(winner));
    // The push that waited either deployed after the first, or was told to fetch.
    const loser = winner === a ? rb : ra;
    if (loser.exitCode !== 0) expect(loser.stderr).toMatch(/moved to [0-9a-f]{7} while this push waited; fetch and push again|rejected/);
  });

  test('apps:destroy --force removes the containers, images and repo', async () => {
    const d = await daemon();
    const app = uniqueApp('gone');
    const dir = await staticApp('v1');
    expect((await push(dir, d.gitUrl(app))).exitCode).toBe(0);
    const refused = await d.berth('apps:destroy', app);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('run again with --force');
    const res = await d.berth('apps:destroy', app, '--force');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app })).toEqual([]);
    expect(await docker.listImages({ 'berth.instance': d.instance, 'berth.app': app })).toEqual([]);
    expect((await get(d.routerPort, `${app}.localhost`)).status).toBe(404);
    expect((await d.berth('apps:exists', app)).exitCode).toBe(1);
  });
});

describe('the CLI without a daemon', () => {
  test('fails with one clear line', async () => {
    const home = await tmpHome();
    const { execa } = await import('execa');
    const { CLI } = await import('../helpers/daemon.js');
    const res = await execa('node', [CLI, 'apps:list'], { reject: false, env: { BERTH_HOME: home } });
    expect(res.exitCode).toBe(1);
    expect(String(res.stderr).trimEnd().split('\n')).toEqual([` !     no berth daemon is running (nothing answers at ${home}/berth.sock); start one with: berth serve`]);
  });
});
