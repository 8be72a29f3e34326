/**
 * Builders and build contexts with real pushes: herokuish through the
 * fixture builder with its cache volume, purge, monorepo build-dir,
 * dockerfile-path, build args, GIT_REV and submodules.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { cacheVolumeName } from '../../src/docker/labels.js';
import { commitFiles } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

let d: TestDaemon;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon();
  const stack = await d.berth('buildpacks:set-property', '--global', 'stack', 'berth-fixture/herokuish:latest');
  expect(stack.exitCode, stack.stderr).toBe(0);
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');
const served = async (app: string, path = '/') => (await get(d.routerPort, `${app}.localhost`, path)).body;

describe('herokuish builds', () => {
  test('the cache volume is reused by the next build, purged on demand, and rebuilt cold', async () => {
    const app = uniqueApp('buildpack');
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('buildpack-node', dir);
    const t1 = Date.now();
    const first = await push(dir, app);
    const cold = Date.now() - t1;
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('builder: herokuish');
    const marker = /Wrote cache marker (\S+)/.exec(first.stderr)?.[1];
    expect(marker).toBeDefined();
    expect(await served(app)).toBe('hello buildpack, from a vendored package\n');
    const volumes = await docker.listVolumes({ 'berth.instance': d.instance, 'berth.app': app });
    expect(volumes).toEqual([cacheVolumeName(d.instance, app)]);

    await commitFiles(dir, { 'README.md': 'second\n' }, 'second');
    const t2 = Date.now();
    const second = await push(dir, app);
    const warm = Date.now() - t2;
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Restoring dependencies from the cache (marker ${marker})`);
    expect(warm).toBeLessThan(cold);

    const report = JSON.parse((await d.berth('repo:report', app, '--format', 'json')).stdout) as { cacheSize: number; cacheLastUsed: string };
    expect(report.cacheSize).toBeGreaterThan(1_000_000);
    expect(report.cacheLastUsed).not.toBe('');
    const purge = await d.berth('repo:purge-cache', app);
    expect(purge.exitCode, purge.stderr).toBe(0);
    expect(purge.stdout).toMatch(/freed \d+\.\d MiB/);
    expect(await docker.listVolumes({ 'berth.instance': d.instance, 'berth.app': app })).toEqual([]);

    await commitFiles(dir, { 'README.md': 'third\n' }, 'third');
    const third = await push(dir, app);
    expect(third.exitCode, third.stderr).toBe(0);
    expect(third.stderr).toContain('Installing dependencies from the vendored registry (cold cache)');
    expect(await served(app)).toBe('hello buildpack, from a vendored package\n');
  });
});

describe('dockerfile builds', () => {
  test('a build arg from docker-options reaches the Dockerfile; GIT_REV is the pushed sha', async () => {
    const app = uniqueApp('buildarg');
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('static', dir);
    await commitFiles(dir, { Dockerfile: 'FROM berth-fixture/busybox:latest\nARG GREETING=unset\nRUN echo "$GREETING" > /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' }, 'build arg');
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    expect((await d.berth('docker-options:add', app, 'build', '--build-arg GREETING=from-options')).exitCode).toBe(0);
    const res = await push(dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(await served(app)).toBe('from-options\n');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    const rev = await d.berth('run', app, 'sh', '-c', 'echo $GIT_REV $SOURCE_VERSION');
    expect(rev.stdout.trim()).toBe(`${sha} ${sha}`);
  });

  test('two apps from one monorepo with build-dir, one with a dockerfile-path', async () => {
    const dir = join(await tmpHome(), 'mono');
    await copyFixtureApp('static', join(dir, 'site'));
    await mkdir(join(dir, 'api', 'docker'), { recursive: true });
    await writeFile(join(dir, 'api', 'index.html'), 'api here\n');
    await writeFile(join(dir, 'api', 'docker', 'web.Dockerfile'), 'FROM berth-fixture/busybox:latest\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n');
    await git(join(dir, 'site'), 'init', '-q');
    await import('node:fs/promises').then((fs) => fs.rm(join(dir, 'site', '.git'), { recursive: true, force: true }));
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'config', 'user.email', 't@example.com');
    await git(dir, 'config', 'user.name', 't');
    await commitFiles(dir, {}, 'monorepo');
    const site = uniqueApp('site');
    const api = uniqueApp('api');
    for (const app of [site, api]) expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    expect((await d.berth('builder:set', site, 'build-dir', 'site')).exitCode).toBe(0);
    expect((await d.berth('builder:set', api, 'build-dir', 'api')).exitCode).toBe(0);
    expect((await d.berth('builder-dockerfile:set', api, 'dockerfile-path', 'docker/web.Dockerfile')).exitCode).toBe(0);
    for (const app of [site, api]) {
      const res = await push(dir, app);
      expect(res.exitCode, res.stderr).toBe(0);
    }
    expect(await served(site)).toBe('hello from static\n');
    expect(await served(api)).toBe('api here\n');
    const missing = uniqueApp('nodir');
    await d.berth('apps:create', missing);
    await d.berth('builder:set', missing, 'build-dir', 'nope');
    const res = await push(dir, missing);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('build directory nope does not exist');
  });

  test('a repo with a submodule builds with the submodule in its context', async () => {
    const sub = join(await tmpHome(), 'sub');
    await git(await tmpHome(), 'init', '-q', '-b', 'main', sub);
    await git(sub, 'config', 'user.email', 't@example.com');
    await git(sub, 'config', 'user.name', 't');
    await commitFiles(sub, { 'index.html': 'from the submodule\n' }, 'sub');
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('static', dir);
    const added = await git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'content');
    expect(added.exitCode, added.stderr).toBe(0);
    await commitFiles(dir, { Dockerfile: 'FROM berth-fixture/busybox:latest\nCOPY content/index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' }, 'use the submodule');
    const app = uniqueApp('submod');
    const res = await push(dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('submodule content: fetching');
    expect(await served(app)).toBe('from the submodule\n');
  });
});
