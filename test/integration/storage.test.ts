/**
 * storage:*: named storage mounted into release tasks and process
 * containers survives deploys and rollbacks; tenants mount only storage made
 * for their apps, never a host path.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

let d: TestDaemon;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon();
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');
const exists = async (app: string, path: string) => (await get(d.routerPort, `${app}.localhost`, `/exists?path=${path}`)).body;
const ok = (r: { exitCode: number; stdout: string; stderr: string }) => expect(r.exitCode, r.stderr + r.stdout).toBe(0);

describe('storage', () => {
  test('a file a release task writes into mounted storage is in the web container, after the next deploy and after a rollback', async () => {
    const app = uniqueApp('storage');
    const name = `${app}-data`;
    ok(await d.berth('apps:create', app));
    ok(await d.berth('storage:create', name, '--app', app));
    ok(await d.berth('storage:mount', app, name, '--container-dir', '/data'));
    const dir = await nodeApp({ Procfile: 'web: node server.js\nrelease: touch /data/rev-$GIT_REV\n' });
    const first = await push(dir, app);
    expect(first.exitCode, first.stderr).toBe(0);
    const rev1 = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    expect(await exists(app, `/data/rev-${rev1}`)).toBe('yes\n');

    await commitFiles(dir, { 'version.txt': 'v2\n' }, 'v2');
    ok(await push(dir, app));
    const rev2 = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    expect(await exists(app, `/data/rev-${rev1}`)).toBe('yes\n');
    expect(await exists(app, `/data/rev-${rev2}`)).toBe('yes\n');

    ok(await d.berth('releases:rollback', app));
    expect((await get(d.routerPort, `${app}.localhost`, '/')).body).toBe('hello from node v1\n');
    expect(await exists(app, `/data/rev-${rev2}`)).toBe('yes\n');

    const list = JSON.parse((await d.berth('storage:list', app, '--format', 'json')).stdout) as { container_path: string; storage: string }[];
    expect(list.map((m) => [m.storage, m.container_path])).toEqual([[name, '/data']]);
    const web = (await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.process': 'web' }))[0];
    expect(web).toBeDefined();
    const run = await d.berth('run', app, 'ls', '/data');
    expect(run.stdout).toContain(`rev-${rev1}`);

    const refused = await d.berth('storage:destroy', name);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`storage ${name} is mounted by ${app}`);
    const destroyed = await d.berth('--force', 'apps:destroy', app);
    ok(destroyed);
    expect(destroyed.stdout).toContain(`Named storage ${name} was left in place`);
    ok(await d.berth('storage:destroy', name));
  });

  test('bad input changes nothing: an unknown entry, a relative container dir, a mount point used twice', async () => {
    const app = uniqueApp('storebad');
    ok(await d.berth('apps:create', app));
    expect((await d.berth('storage:mount', app, 'nope', '--container-dir', '/x')).stderr).toContain('storage nope does not exist');
    ok(await d.berth('storage:create', `${app}-a`));
    expect((await d.berth('storage:mount', app, `${app}-a`, '--container-dir', 'x')).stderr).toContain('--container-dir must be an absolute path');
    ok(await d.berth('storage:mount', app, `${app}-a`, '--container-dir', '/x'));
    expect((await d.berth('storage:mount', app, '/tmp:/x')).stderr).toContain('/x is already a mount point');
    const report = await d.berth('storage:report', app);
    expect(report.stdout).toMatch(/Storage deploy mounts:\s+-v \S+\/storage\/\S+-a:\/x/);
    ok(await d.berth('storage:unmount', app, `${app}-a`));
    expect((await d.berth('storage:list', app, '--format', 'json')).stdout.trim()).toBe('[]');
  });
});
