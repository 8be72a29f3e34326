/**
 * network:* (two apps reach each other by name), enter, and cron:* (a
 * one-minute job runs on schedule, cron:run runs now, a suspended job does not).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';

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
const fetchFrom = (url: string) => `require('http').get('${url}',r=>{let b='';r.on('data',c=>b+=c).on('end',()=>console.log('got:'+b.trim()))}).on('error',e=>{console.log('error:'+e.code);process.exit(2)})`;

describe('networks and enter', () => {
  test('two apps on a user network reach each other by app name; enter runs commands in a running container', { timeout: 300_000 }, async () => {
    const [a, b] = [uniqueApp('neta'), uniqueApp('netb')];
    const net = `${a}-net`;
    ok(await d.berth('network:create', net));
    try {
      expect((await d.berth('network:create', net)).stderr).toContain(`network ${net} already exists`);
      ok(await d.berth('network:exists', net));
      for (const app of [a, b]) {
        ok(await d.berth('apps:create', app));
        ok(await d.berth('network:set', app, app === a ? 'initial-network' : 'attach-post-create', net));
        ok(await push(await nodeApp(), app));
      }
      const res = await d.berth('enter', a, 'web.1', 'node', '-e', fetchFrom(`http://${b}:5000/`));
      expect(res.stdout.trim(), res.stderr).toBe('got:hello from node v1');
      const back = await d.berth('enter', b, 'node', '-e', fetchFrom(`http://${a}.web:5000/`));
      expect(back.stdout.trim(), back.stderr).toBe('got:hello from node v1');
      expect((await d.berth('enter', a, 'sh', '-c', 'exit 4')).exitCode).toBe(4);
      expect(JSON.parse((await d.berth('network:report', b, '--format', 'json')).stdout)).toEqual({ 'Network attach-post-create': net, 'Network attach-post-deploy': '', 'Network initial-network': '' });
      expect((await d.berth('network:destroy', net)).stderr).toContain(`network ${net} is used by`);
      for (const app of [a, b]) ok(await d.berth('--force', 'apps:destroy', app));
    } finally {
      await d.berth('network:destroy', net);
    }
    expect((await d.berth('network:exists', net)).exitCode).toBe(1);
  });
});

describe('cron', () => {
  test('a one-minute job runs on schedule with its output in logs -p cron; cron:run runs now; a suspended job does not run; never two runs at once', { timeout: 180_000 }, async () => {
    const app = uniqueApp('cron');
    const cron = [
      { command: 'echo a-ran rev=$GIT_REV', schedule: '* * * * *' },
      { command: 'echo b-ran', schedule: '* * * * *' },
      { command: 'sleep 5; echo c-ran', schedule: '@yearly' },
    ];
    ok(await push(await nodeApp({ 'app.json': JSON.stringify({ cron }) }), app));
    const jobs = JSON.parse((await d.berth('cron:list', app, '--format', 'json')).stdout) as { id: string; schedule: string }[];
    expect(jobs.map((j) => j.schedule)).toEqual(['* * * * *', '* * * * *', '@yearly']);
    const [ja, jb, jc] = jobs.map((j) => j.id) as [string, string, string];
    ok(await d.berth('cron:suspend', app, jb));
    const suspendedAt = Date.now();

    const now = await d.berth('cron:run', app, jb);
    expect(now.exitCode).toBe(0);
    expect(now.stdout.trim()).toBe('b-ran');
    ok(await d.berth('cron:run', app, jc, '--detach'));
    const running = Date.now() + 30_000;
    while (Date.now() < running && !(await docker.listContainers({ 'berth.instance': d.instance, 'berth.cron': jc })).some((c) => c.state === 'running')) await new Promise((r) => setTimeout(r, 200));
    const second = await d.berth('cron:run', app, jc);
    expect(second.stderr).toContain(`cron job ${jc} of ${app} is already running`);

    // The scheduled run of job a comes at the next minute boundary: poll the log, bounded.
    const deadline = Date.now() + 75_000;
    let log = '';
    while (Date.now() < deadline && !/run \(schedule\) of echo a-ran/.test(log)) {
      await new Promise((r) => setTimeout(r, 1000));
      log = (await d.berth('logs', app, '-p', 'cron', '-n', '200')).stdout;
    }
    expect(log).toMatch(new RegExp(`${app}\\[cron\\.${ja}\\]: a-ran rev=[0-9a-f]{40}`));
    expect(log).toContain('run (schedule) of echo a-ran rev=$GIT_REV exited with code 0');
    expect(log).toContain('run (cron:run) of echo b-ran exited with code 0');
    const scheduledRunAt = Date.parse(log.split('\n').find((l) => l.includes('run (schedule) of echo a-ran'))?.split(' ')[0] ?? '');
    expect(scheduledRunAt - suspendedAt).toBeGreaterThan(2_000);
    expect(log).not.toContain('run (schedule) of echo b-ran');
    expect(log).toContain('c-ran');
    ok(await d.berth('cron:resume', app, jb));
    expect((await d.berth('cron:report', app, '--format', 'json')).stdout).toContain('"Cron task count": 3');
  });
});
