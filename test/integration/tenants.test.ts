/**
 * "Who may do what": a key limited with --apps is a tenant. Over the real
 * SSH client it may use only named storage made for its apps, only the
 * allow-listed docker options, and no networks; each refusal is one line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { uniqueApp } from '../helpers/git.js';
import { ssh, sshKeygen, type KeyPair } from '../helpers/ssh.js';

let d: TestDaemon;
let tenant: KeyPair;
const app = uniqueApp('tenant');
const other = uniqueApp('other');

beforeAll(async () => {
  d = await startDaemon();
  tenant = await sshKeygen('ed25519');
  for (const a of [app, other]) expect((await d.berth('apps:create', a)).exitCode).toBe(0);
  expect((await d.berth('ssh-keys:add', 'tenant', tenant.public, '--apps', app)).exitCode).toBe(0);
  expect((await d.berth('storage:create', `${other}-data`, '--app', other)).exitCode).toBe(0);
  expect((await d.berth('storage:create', `${app}-shared`)).exitCode).toBe(0);
});

afterAll(async () => {
  await d?.stop();
});

const as = (...args: string[]) => ssh(tenant.private, d.sshPort, args);

async function refused(args: string[], line: string): Promise<void> {
  const res = await as(...args);
  expect(res.exitCode, `${args.join(' ')}: ${res.stdout}`).toBe(1);
  expect(res.stderr.trimEnd().split('\n')).toEqual([` !     ${line}`]);
}

describe('tenants', () => {
  test('storage: only named storage made for its own apps, never a host path', async () => {
    await refused(['storage:mount', app, '/etc:/host-etc'], 'key tenant may not mount host path /etc: tenants mount named storage only');
    await refused(['storage:mount', app, `${other}-data`, '--container-dir', '/x'], `key tenant may not use storage ${other}-data: it was not made for its apps`);
    await refused(['storage:mount', app, `${app}-shared`, '--container-dir', '/x'], `key tenant may not use storage ${app}-shared: it was not made for its apps`);
    await refused(['storage:create', `${app}-mine`], 'storage:create needs --app APP: a limited credential makes storage for one of its apps');
    await refused(['storage:create', `${app}-mine`, '--app', other], `key tenant may not use app ${other}`);
    await refused(['storage:destroy', `${other}-data`], `key tenant may not use storage ${other}-data: it was not made for its apps`);
    expect((await as('storage:create', `${app}-mine`, '--app', app)).exitCode).toBe(0);
    expect((await as('storage:mount', app, `${app}-mine`, '--container-dir', '/data')).exitCode).toBe(0);
    expect((await as('storage:list-entries', '--format', 'json')).stdout).not.toContain(other);
    expect((await d.berth('storage:list', app, '--format', 'json')).stdout).toContain('"container_path": "/data"');
  });

  test('docker options: the allow-list passes, everything reaching the host is refused naming the option', async () => {
    const cases: [string, string][] = [
      ['--privileged', '--privileged'], ['-v /:/host', '-v'], ['--volume=/etc:/x', '--volume'], ['--network host', '--network'], ['--pid host', '--pid'],
      ['--ipc host', '--ipc'], ['--cap-add SYS_ADMIN', '--cap-add'], ['--device /dev/sda', '--device'], ['--security-opt seccomp=unconfined', '--security-opt'],
      ['--userns host', '--userns'], ['--cgroup-parent x', '--cgroup-parent'],
    ];
    for (const [option, flag] of cases) {
      for (const phase of ['deploy', 'run']) await refused(['docker-options:add', app, phase, ...option.split(' ')], `${flag} is not allowed: it reaches the host or other apps (admins only)`);
    }
    await refused(['docker-options:add', app, 'deploy', '--mount', 'type=bind,src=/,dst=/h'], '--mount is not allowed: it reaches the host or other apps (admins only)');
    expect((await as('docker-options:add', app, 'deploy,run', '--memory', '256m', '--env', 'A=1', '--restart', 'on-failure:3')).exitCode).toBe(0);
    expect(JSON.parse((await d.berth('docker-options:report', app, '--format', 'json')).stdout)).toMatchObject({ build: '', deploy: '--memory 256m --env A=1 --restart on-failure:3', run: '--memory 256m --env A=1 --restart on-failure:3' });
  });

  test('networks: a tenant may not create one or attach its app to one', async () => {
    const net = `${app}-net`;
    await refused(['network:create', net], 'key tenant may not run network:create: it is limited to ' + app);
    expect((await d.berth('network:create', net)).exitCode).toBe(0);
    try {
      for (const key of ['initial-network', 'attach-post-create', 'attach-post-deploy']) await refused(['network:set', app, key, net], `key tenant may not attach ${app} to network ${net}: it is limited to ${app}`);
      expect((await as('network:report', app, '--format', 'json')).exitCode).toBe(0);
    } finally {
      expect((await d.berth('network:destroy', net)).exitCode).toBe(0);
    }
  });
});
