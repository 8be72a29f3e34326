/**
 * Release tasks (app.json predeploy/postdeploy, Procfile release) run in
 * throwaway containers, health checks gate the swap, and `run` one-offs.
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
  d = await startDaemon(['--ready-timeout', '10']);
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');
const body = async (app: string, path = '/') => (await get(d.routerPort, `${app}.localhost`, path)).body;
const appJson = (value: unknown) => JSON.stringify(value);

describe('release tasks', () => {
  test('predeploy then release run in order, in throwaway containers whose writes do not persist', async () => {
    const app = uniqueApp('tasks');
    const dir = await nodeApp({
      'app.json': appJson({ scripts: { dokku: { predeploy: 'echo predeploy ran; touch /app/predeploy-was-here' } } }),
      Procfile: 'web: node server.js\nrelease: echo release ran as $GIT_REV; touch /app/release-was-here\n',
    });
    const res = await push(dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    const order = ['=====> running predeploy', 'predeploy ran', '=====> running release', 'release ran as', '-----> deploy'].map((s) => res.stderr.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(await body(app, '/exists?path=/app/predeploy-was-here')).toBe('no\n');
    expect(await body(app, '/exists?path=/app/release-was-here')).toBe('no\n');
    const all = await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app });
    expect(all.map((c) => c.labels['berth.process'])).toEqual(['web']);
  });

  test('a failing predeploy rejects the push, naming the task and exit code; the old release serves', async () => {
    const app = uniqueApp('predeploy');
    const dir = await nodeApp();
    expect((await push(dir, app)).exitCode).toBe(0);
    await commitFiles(dir, { 'version.txt': 'v2\n', 'app.json': appJson({ scripts: { dokku: { predeploy: 'echo migrating; exit 7' } } }) }, 'bad predeploy');
    const res = await push(dir, app);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('the predeploy task (echo migrating; exit 7) exited with code 7');
    expect(res.stderr).toContain('pre-receive hook declined');
    expect(await body(app)).toBe('hello from node v1\n');
  });

  test('a failing postdeploy is reported and marks the deploy failed; the new release stays', async () => {
    const app = uniqueApp('postdeploy');
    const dir = await nodeApp({ 'version.txt': 'v5\n', 'app.json': appJson({ scripts: { dokku: { postdeploy: 'echo after; exit 3' } } }) });
    const res = await push(dir, app);
    expect(res.stderr).toContain('the postdeploy task (echo after; exit 3) exited with code 3');
    // The release is live, so the push lands: the branch names what serves.
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('(the new release is serving)');
    expect(await body(app)).toBe('hello from node v5\n');
    const deploys = JSON.parse((await d.berth('deploys:list', app, '--format', 'json')).stdout) as { status: string }[];
    expect(deploys.map((x) => x.status)).toEqual(['failed']);
  });

  test('an invalid app.json fails before anything runs, naming the field', async () => {
    const app = uniqueApp('badjson');
    const dir = await nodeApp({ 'app.json': appJson({ healthchecks: { web: [{ type: 'sometimes' }] } }) });
    const res = await push(dir, app);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('app.json: healthchecks.web[0].type must be startup, readiness or liveness');
    expect(res.stderr).not.toContain('starting web.1');
  });
});

describe('health checks', () => {
  test('a content check that matches passes; one that does not fails the deploy', async () => {
    const app = uniqueApp('health');
    const check = (content: string) => appJson({ healthchecks: { web: [{ type: 'startup', path: '/health', content, attempts: 2, wait: 0.2 }] } });
    const dir = await nodeApp({ 'app.json': check('healthy v1') });
    const ok = await push(dir, app);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('web.1: startup check /health');
    await commitFiles(dir, { 'version.txt': 'v2\n', 'app.json': check('healthy v3') }, 'wrong content');
    const bad = await push(dir, app);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('web.1 failed the startup check /health: /health did not contain "healthy v3"');
    expect(await body(app)).toBe('hello from node v1\n');
  });
});

describe('run', () => {
  test('one-off commands pass their output and exit code through, and leave nothing behind', async () => {
    const app = uniqueApp('run');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const ok = await d.berth('run', app, 'sh', '-c', 'echo rev=$GIT_REV; exit 0');
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^rev=[0-9a-f]{40}$/m);
    const failed = await d.berth('run', app, 'sh', '-c', 'exit 3');
    expect(failed.exitCode).toBe(3);
    const detached = await d.berth('run:detached', app, 'sleep', '30');
    expect(detached.stdout).toMatch(new RegExp(`^berth-${d.instance}\\.${app}\\.run\\.`));
    expect((await d.berth('run:list', app)).stdout).toContain(detached.stdout.trim());
    const left = await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.run': '1' });
    expect(left.map((c) => c.name)).toEqual([detached.stdout.trim()]);
  });
});
