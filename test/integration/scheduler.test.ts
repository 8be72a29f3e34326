/**
 * Dokku's scheduler:set / scheduler:report through berth's CLI: docker-local
 * and swarm are accepted (anything else is one error line that changes
 * nothing), and a push deploys through the selected scheduler. An image
 * berth did not build is recorded with the null builder.
 */
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { nodeApp } from '../helpers/apps.js';
import { get } from '../helpers/http.js';

let d: TestDaemon;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon(['--drain-timeout', '5']);
});

afterAll(async () => {
  await d?.stop();
});

const report = async (...args: string[]) => {
  const r = await d.berth('scheduler:report', ...args);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
};

describe('scheduler:set and scheduler:report', () => {
  test('docker-local and swarm; another name is refused in one line and changes nothing; pushes deploy through it', async () => {
    const app = uniqueApp('sched');
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    expect(await report(app)).toBe(
      `=====> ${app} scheduler information\n       Scheduler computed selected:   docker-local\n       Scheduler global selected:     \n       Scheduler selected:            `,
    );

    const refused = await d.berth('scheduler:set', app, 'selected', 'nomad');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(' !     unknown scheduler nomad (docker-local, swarm)');
    const refusedGlobal = await d.berth('scheduler:set', '--global', 'selected', 'k3s');
    expect(refusedGlobal.stderr).toBe(' !     unknown scheduler k3s (docker-local, swarm)');
    expect(await report(app, '--scheduler-selected')).toBe('');
    expect(await report(app, '--scheduler-global-selected')).toBe('');
    expect((await d.berth('scheduler:set', app, 'flavour', 'docker-local')).stderr).toBe(' !     unknown scheduler property flavour (selected)');

    const set = await d.berth('scheduler:set', app, 'selected', 'docker-local');
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toContain('Set selected to docker-local');
    expect((await d.berth('scheduler:set', '--global', 'selected', 'docker-local')).exitCode).toBe(0);
    expect(await report(app, '--scheduler-selected')).toBe('docker-local');
    expect(await report(app, '--scheduler-global-selected')).toBe('docker-local');
    expect(await report('--global', '--scheduler-global-selected')).toBe('docker-local');
    expect(JSON.parse(await report(app, '--format', 'json'))).toEqual({
      'computed-selected': 'docker-local',
      selected: 'docker-local',
      'global-selected': 'docker-local',
      'scheduler-computed-selected': 'docker-local',
      'scheduler-global-selected': 'docker-local',
      'scheduler-selected': 'docker-local',
    });
    expect(await report()).toContain(`=====> ${app} scheduler information`);

    const pushed = await git(await nodeApp(), 'push', d.gitUrl(app), 'main');
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect((await get(d.routerPort, `${app}.localhost`, '/')).status).toBe(200);
    const released = JSON.parse((await d.berth('releases:info', app, '1', '--format', 'json')).stdout) as { builder: string };
    expect(released.builder).toBe('dockerfile');

    expect((await d.berth('scheduler:set', app, 'selected')).stdout).toContain('Unset selected');
    expect((await d.berth('scheduler:set', '--global', 'selected')).exitCode).toBe(0);
    expect(await report(app, '--scheduler-computed-selected')).toBe('docker-local');
    await d.berth('apps:destroy', app, '--force');
  });

  test('an image berth did not build is released with the null builder', async () => {
    const app = uniqueApp('sched-img');
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    const image = `berth-test/prebuilt:${app}`;
    const pack = tar.pack();
    pack.entry({ name: 'Dockerfile' }, 'FROM berth-fixture/busybox:latest\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n');
    pack.entry({ name: 'index.html' }, 'prebuilt\n');
    pack.finalize();
    await docker.build(pack, { tag: image, labels: { 'berth.instance': d.instance } }, () => undefined);
    try {
      const deployed = await d.berth('git:from-image', app, image);
      expect(deployed.exitCode, deployed.stderr).toBe(0);
      expect((await get(d.routerPort, `${app}.localhost`, '/')).body).toBe('prebuilt\n');
      const released = JSON.parse((await d.berth('releases:info', app, '1', '--format', 'json')).stdout) as { builder: string };
      expect(released.builder).toBe('null');
    } finally {
      await d.berth('apps:destroy', app, '--force');
      await docker.removeImage(image, true).catch(() => undefined);
    }
  });
});
