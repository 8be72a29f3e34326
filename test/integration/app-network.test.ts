/**
 * Each app on its own network: an app's containers cannot reach another
 * app's containers by address, while both serve through the router; the
 * network follows apps:rename and goes with apps:destroy.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { appLabels, LABEL, networkName } from '../../src/docker/labels.js';
import { commitFiles } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

const docker = new Docker();
let d: TestDaemon;

beforeAll(async () => {
  d = await startDaemon();
});

afterAll(async () => {
  await d?.stop();
});

async function deployStatic(app: string, body: string): Promise<void> {
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  await commitFiles(dir, { 'index.html': body }, 'content');
  const res = await git(dir, 'push', d.gitUrl(app), 'main');
  expect(res.exitCode, res.stderr).toBe(0);
}

async function webContainer(app: string) {
  const list = await docker.listContainers({ ...appLabels(d.instance, app), [LABEL.process]: 'web' });
  expect(list).toHaveLength(1);
  return list[0] as { id: string };
}

/** An HTTP GET from inside a one-off container of `app` (busybox nc; the fixture's wget is not usable). */
async function fetchFrom(app: string, ip: string): Promise<string> {
  const res = await d.berth('run', app, 'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${ip} 5000; true`);
  return res.stdout;
}

const served = async (app: string) => (await get(d.routerPort, `${app}.localhost`)).body;

describe('app networks', () => {
  test("an app cannot reach another app's container by its address; both serve through the router", async () => {
    const [one, two] = [uniqueApp('net-one'), uniqueApp('net-two')];
    await deployStatic(one, 'one\n');
    await deployStatic(two, 'two\n');
    const addresses = await docker.containerAddresses((await webContainer(two)).id);
    expect(Object.keys(addresses)).toEqual([networkName(d.instance, two)]);
    const ip = addresses[networkName(d.instance, two)] as string;
    expect(ip).toMatch(/^10\.(20[0-3])\./);
    expect(Object.keys(await docker.containerAddresses((await webContainer(one)).id))).toEqual([networkName(d.instance, one)]);

    expect(await fetchFrom(two, ip)).toContain('200 OK');
    const across = await fetchFrom(one, ip);
    expect(across).not.toContain('200 OK');
    expect(across).not.toContain('two');
    expect(await served(one)).toBe('one\n');
    expect(await served(two)).toBe('two\n');
  });

  test('a release task runs on the app network', async () => {
    const app = uniqueApp('net-task');
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('static', dir);
    const dockerfile = 'FROM berth-fixture/busybox:latest\nCOPY Procfile /app/Procfile\nCOPY index.html /www/index.html\nWORKDIR /app\n';
    await commitFiles(dir, { Dockerfile: dockerfile, Procfile: 'web: exec httpd -f -p $PORT -h /www\nrelease: ip -4 -o addr show eth0\n' }, 'release');
    const res = await git(dir, 'push', d.gitUrl(app), 'main');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/inet 10\.20[0-3]\.\d+\.\d+\/24/);
  });

  test('apps:rename moves the app to a network of its new name; apps:destroy removes it', async () => {
    const [from, to] = [uniqueApp('net-old'), uniqueApp('net-new')];
    await deployStatic(from, 'renamed\n');
    expect(await docker.networks.exists(networkName(d.instance, from))).toBe(true);
    const renamed = await d.berth('apps:rename', from, to);
    expect(renamed.exitCode, renamed.stderr).toBe(0);
    expect(await served(to)).toBe('renamed\n');
    expect(await docker.networks.exists(networkName(d.instance, from))).toBe(false);
    expect(Object.keys(await docker.containerAddresses((await webContainer(to)).id))).toEqual([networkName(d.instance, to)]);
    expect((await d.berth('apps:destroy', to, '--force')).exitCode).toBe(0);
    expect(await docker.networks.exists(networkName(d.instance, to))).toBe(false);
    expect(await docker.networks.list(appLabels(d.instance, to))).toEqual([]);
  });
});
