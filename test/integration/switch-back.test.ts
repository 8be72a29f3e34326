/**
 * The uptime window after the switch: a new release is routed as soon as it
 * answers, the old one stays up (not routed) through `checks.wait`, and a new
 * container that dies inside the window sends traffic straight back to the
 * old one and the push is rejected. A healthcheck's port
 * follows the app's container port.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';

let d: TestDaemon;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon(['--drain-timeout', '5']);
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');
const running = async (app: string) =>
  (await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.process': 'web' })).filter((c) => c.state === 'running').map((c) => c.labels['berth.deploy']);

describe('the uptime window after the switch', () => {
  test('a new web that exits 1 s after answering is switched back to the old release and the push is rejected', async () => {
    const app = uniqueApp('back');
    const dir = await nodeApp({ 'version.txt': 'v1\n' });
    expect((await push(dir, app)).exitCode).toBe(0);
    const v1 = await running(app);
    const host = `${app}.localhost`;
    let done!: () => void;
    const loop = requestLoop(d.routerPort, host, new Promise<void>((r) => (done = r)));

    const server = await readFile(join(dir, 'server.js'), 'utf8');
    const dying = `${server}\nserver.once('request', () => setTimeout(() => process.exit(1), 1000));\n`;
    await commitFiles(dir, { 'version.txt': 'v2\n', 'server.js': dying }, 'v2 dies');
    const res = await push(dir, app);
    done();
    const result = await loop;

    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('routed 1 web container(s)');
    expect(res.stderr).toMatch(/web\.1 did not stay up 2s \(exit code .*\): traffic switched back to release v1/);
    // The old release waits in the router's backup slots: requests that meet the
    // dying container are retried there, before and after the switch back.
    expect(result.failures).toEqual([]);
    expect(result.bodies.get('hello from node v2')).toBeGreaterThan(0);
    expect(result.bodies.get('hello from node v1')).toBeGreaterThan(0);
    expect((await get(d.routerPort, host, '/')).body).toBe('hello from node v1\n');
    expect(await running(app)).toEqual(v1);

    const releases = await d.berth('releases', app);
    expect(releases.stdout).toMatch(/failed .*did not stay up 2s .*; switched back to release v1/);
    const listed = JSON.parse((await d.berth('releases', app, '--format', 'json')).stdout) as { release: number | null; status: string }[];
    expect(listed.map((r) => [r.release, r.status])).toEqual([
      [1, 'succeeded'],
      [null, 'failed'],
    ]);
    await d.berth('apps:destroy', app, '--force');
  });

  test("an app.json healthcheck on the app's own port (EXPOSE 3000) passes", async () => {
    const app = uniqueApp('hcport');
    const dir = await nodeApp({
      Dockerfile: 'FROM berth-fixture/node:latest\nWORKDIR /app\nCOPY . ./\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      'app.json': JSON.stringify({ healthchecks: { web: [{ type: 'startup', name: 'health', path: '/health', port: 3000 }] } }),
    });
    const res = await push(dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('web listens on container port 3000 (the image EXPOSEs it)');
    expect(res.stderr).toContain('web.1: startup check health');
    expect((await get(d.routerPort, `${app}.localhost`, '/health')).body).toBe('healthy v1\n');
    await d.berth('apps:destroy', app, '--force');
  });
});
