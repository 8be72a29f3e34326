/**
 * resource:*, ports:* and docker-options for deploy and run, against the
 * real engine: limits the engine applied, an OOM kill reported, an app on
 * its own EXPOSEd port routed without settings.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { nodeApp } from '../helpers/apps.js';
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
const ok = (r: { exitCode: number; stdout: string; stderr: string }) => expect(r.exitCode, r.stderr + r.stdout).toBe(0);
const containersOf = (app: string, process: string) => docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.process': process });
const HOG = `node -e "const a=[];for(;;)a.push(Buffer.alloc(1e6,1))"`;

describe('resources', () => {
  test('limits reach the engine from the next restart; an OOM kill shows in run, ps:report and logs', async () => {
    const app = uniqueApp('limits');
    const dir = await nodeApp({ Procfile: `web: node server.js\nworker: sleep 4; ${HOG}\n` });
    ok(await push(dir, app));
    ok(await d.berth('resource:limit', app, '--memory', '96m', '--cpu', '0.5'));
    expect((await d.berth('resource:limit', app, '--memory', 'lots')).stderr).toContain('invalid memory lots');
    ok(await d.berth('resource:reserve', app, '--memory', '32m', '--process-type', 'web'));
    ok(await d.berth('ps:set', app, 'restart-policy', 'no'));
    ok(await d.berth('ps:scale', app, 'web=1', 'worker=1'));
    const web = (await containersOf(app, 'web')).find((c) => c.state === 'running');
    const hc = await docker.hostConfig(web?.id as string);
    expect([hc.Memory, hc.NanoCpus, hc.MemoryReservation]).toEqual([96 * 1024 ** 2, 5e8, 32 * 1024 ** 2]);
    const report = JSON.parse((await d.berth('resource:report', app, '--format', 'json')).stdout) as Record<string, string>;
    expect(report).toEqual({
      '_default_.limit.cpu': '0.5',
      'resource-_default_.limit.cpu': '0.5',
      '_default_.limit.memory': '96m',
      'resource-_default_.limit.memory': '96m',
      'web.reserve.memory': '32m',
      'resource-web.reserve.memory': '32m',
    });

    const run = await d.berth('run', app, 'sh', '-c', HOG);
    expect(run.exitCode).toBe(137);
    expect(run.stderr).toContain('OOMKilled: out of memory');

    const deadline = Date.now() + 60_000;
    // Dokku's status-<container> fields, with the OOM kill shown in the state.
    const oomKilled = (ps: Record<string, string>) => Object.entries(ps).filter(([k, v]) => k.startsWith('status-') && v.includes('(OOMKilled)')).map(([k]) => k);
    let ps: Record<string, string> = {};
    while (Date.now() < deadline) {
      ps = JSON.parse((await d.berth('ps:report', app, '--format', 'json')).stdout) as Record<string, string>;
      if (oomKilled(ps).length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(oomKilled(ps)).toHaveLength(1);
    expect(oomKilled(ps)[0]).toContain('worker');
    expect((await d.berth('ps:report', app)).stdout).toMatch(/Status .*worker.*exited \(OOMKilled\)/);
    expect((await d.berth('logs', app, '-p', 'worker')).stdout).toContain(`${app}[worker.1]: berth: the container was killed for exceeding its memory limit (OOMKilled)`);
    ok(await d.berth('resource:limit-clear', app));
    expect(JSON.parse((await d.berth('resource:report', app, '--format', 'json')).stdout)).toEqual({ 'web.reserve.memory': '32m', 'resource-web.reserve.memory': '32m' });
  });
});

describe('ports', () => {
  test('an app listening on 3000 with EXPOSE 3000 is routed without settings; ports:set changes $PORT', async () => {
    const app = uniqueApp('ports');
    const dir = await nodeApp({ Dockerfile: 'FROM berth-fixture/node:latest\nWORKDIR /app\nCOPY . ./\nEXPOSE 3000\nCMD ["sh", "-c", "PORT=3000 exec node server.js"]\n' });
    const res = await push(dir, app);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('web listens on container port 3000 (the image EXPOSEs it)');
    expect((await get(d.routerPort, `${app}.localhost`, '/')).body).toBe('hello from node v1\n');
    ok(await d.berth('ports:set', app, 'http:80:4000'));
    expect((await d.berth('ports:set', app, 'http:80')).stderr).toContain('invalid port mapping http:80');
    expect((await d.berth('ports:list', app, '--format', 'json')).stdout).toContain('"container_port": 4000');
    // The image still listens on 3000: the check must fail and the old release keep serving.
    const restart = await d.berth('ps:restart', app);
    expect(restart.exitCode).toBe(1);
    expect((await get(d.routerPort, `${app}.localhost`, '/')).body).toBe('hello from node v1\n');
    ok(await d.berth('ports:clear', app));
    ok(await d.berth('ps:restart', app));
    const env = JSON.parse((await get(d.routerPort, `${app}.localhost`, '/env')).body) as Record<string, string>;
    expect(env.PORT).toBe('3000');
  });
});

describe('docker-options for deploy and run', () => {
  test('deploy options reach the process containers, run options the one-offs, never the other phase', async () => {
    const app = uniqueApp('dopts');
    ok(await push(await nodeApp(), app));
    ok(await d.berth('docker-options:add', app, 'deploy', '--env FROM_DEPLOY=1 --label team=blue'));
    ok(await d.berth('docker-options:add', app, 'run', '--env=FROM_RUN=2'));
    expect((await d.berth('docker-options:add', app, 'deploy', '--privileged')).exitCode).toBe(0);
    ok(await d.berth('docker-options:remove', app, 'deploy', '--privileged'));
    ok(await d.berth('ps:restart', app));
    const env = JSON.parse((await get(d.routerPort, `${app}.localhost`, '/env')).body) as Record<string, string>;
    expect([env.FROM_DEPLOY, env.FROM_RUN]).toEqual(['1', undefined]);
    const web = (await containersOf(app, 'web')).find((c) => c.state === 'running');
    expect(web?.labels.team).toBe('blue');
    expect((await d.berth('run', app, 'sh', '-c', 'echo run=$FROM_RUN deploy=$FROM_DEPLOY')).stdout).toContain('run=2 deploy=');
    const report = JSON.parse((await d.berth('docker-options:report', app, '--format', 'json')).stdout) as Record<string, string>;
    expect(report).toMatchObject({ build: '', deploy: '--env FROM_DEPLOY=1 --label team=blue', run: '--env=FROM_RUN=2', 'docker-options-run': '--env=FROM_RUN=2' });
  });
});
