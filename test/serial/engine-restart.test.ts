/**
 * The Docker engine restarts under a deployed app: its container comes back
 * with a new host port and the app serves again without a deploy. While the
 * engine is away, commands and pushes fail with one clear line and record
 * nothing.
 *
 * The engine restarted is a private one (test/helpers/lab-engine.ts), never
 * the shared engine; the test still runs in the serial run (vitest.serial.config.ts),
 * after everything else, because it starts a whole engine.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureFixtureImages } from '../../fixtures/images/build.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { git, uniqueApp } from '../helpers/git.js';
import { startLabEngine, waitFor, type LabEngine } from '../helpers/lab-engine.js';

let lab: LabEngine | undefined;
let d: TestDaemon | undefined;

beforeAll(async () => {
  lab = await startLabEngine(join(await tmpHome(), 'lab'));
  await ensureFixtureImages(lab.docker);
  d = await startDaemon(['--host', lab.address], { prefix: lab.nsenter, address: lab.address, env: { DOCKER_HOST: `unix://${lab.socket}` } });
}, 600_000);

afterAll(async () => {
  try {
    // The daemon's cleanup needs the engine.
    if (lab && !(await lab.docker.ping().then(() => true, () => false))) await lab.startEngine();
    await d?.stop();
  } finally {
    await lab?.destroy();
  }
}, 120_000);

function body(port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: lab?.address, port, headers: { host }, agent: false, timeout: 5_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(`${res.statusCode} ${text}`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout'))).on('error', reject).end();
  });
}

describe('an engine restart', () => {
  test('the app serves again without a deploy; with the engine away, commands and pushes fail with one line', async () => {
    const daemon = d as TestDaemon;
    const engine = lab as LabEngine;
    const app = uniqueApp('engine');
    const dir = await nodeApp();
    expect((await git(dir, 'push', daemon.gitUrl(app), 'main')).exitCode).toBe(0);
    const host = `${app}.localhost`;
    expect(await body(daemon.routerPort, host)).toBe('200 hello from node v1\n');
    const [before] = await engine.docker.listContainers({ 'berth.app': app, 'berth.process': 'web' });
    const portBefore = await engine.docker.hostPort(before?.id as string, 5000);
    // The engine restarts this one itself, first, so it takes the app's old host port.
    const squatter = await engine.docker.createContainer({
      Image: 'berth-fixture/busybox:latest',
      Cmd: ['sleep', '3600'],
      ExposedPorts: { '5000/tcp': {} },
      HostConfig: { RestartPolicy: { Name: 'always' }, PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    await engine.docker.startContainer(squatter);

    await engine.stopEngine();
    const report = await daemon.berth('ps:report', app);
    expect(report.exitCode).toBe(1);
    expect(report.stderr).toBe(` !     the Docker engine does not answer at ${engine.socket} (is dockerd running?)`);
    await commitFiles(dir, { 'version.txt': 'v2\n' }, 'v2');
    const push = await git(dir, 'push', daemon.gitUrl(app), 'main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toContain(`remote:  !     the Docker engine does not answer at ${engine.socket} (is dockerd running?)`);
    const deploys = JSON.parse((await daemon.berth('deploys:list', app, '--format', 'json')).stdout) as unknown[];
    expect(deploys).toHaveLength(1);

    await engine.startEngine();
    const back = Date.now();
    await waitFor('the app to serve again', async () => (await body(daemon.routerPort, host)) === '200 hello from node v1\n', 30_000);
    const servedAfterMs = Date.now() - back;
    const [after] = await engine.docker.listContainers({ 'berth.app': app, 'berth.process': 'web' });
    expect(after?.id).toBe(before?.id);
    const portAfter = await engine.docker.hostPort(after?.id as string, 5000);
    console.log(`engine restart: host port ${portBefore} → ${portAfter}; serving again ${servedAfterMs} ms after the engine answered`);
    expect(portAfter).not.toBe(portBefore);
    expect(daemon.logs()).toContain('"event":"engine-events-resumed","afterOutage":true');

    const next = await git(dir, 'push', daemon.gitUrl(app), 'main');
    expect(next.exitCode, next.stderr).toBe(0);
    expect(await body(daemon.routerPort, host)).toBe('200 hello from node v2\n');
  });
});
