/**
 * berth's HAProxy router under a real daemon: deploys, a daemon killed and
 * started again, other apps changing, headers, unknown hosts, the commands.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';

let d: TestDaemon;

beforeAll(async () => {
  d = await startDaemon(['--drain-timeout', '5']);
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');

/** Keep-alive clients requesting `host` until `stop` settles; every non-200 or error is a failure. */
async function keepAliveLoad(port: number, host: string, stop: Promise<unknown>, clients = 4) {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const failures: string[] = [];
  let ok = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) ok++;
          else failures.push(`status ${res.statusCode}`);
          resolve();
        });
      });
      req.on('error', (err) => (failures.push(String(err)), resolve()));
      req.end();
    });
  await Promise.all(Array.from({ length: clients }, async () => { while (!stopped) await one(); }));
  agent.destroy();
  return { ok, failures };
}

describe('HAProxy router', () => {
  test('headers, unknown hosts, the ACME path and the host own name reach the right place', async () => {
    const app = uniqueApp('hdr');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const seen = JSON.parse((await get(d.routerPort, `${app}.localhost`, '/headers')).body) as Record<string, string>;
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-port']).toBe(String(d.routerPort));
    expect(seen['x-request-start']).toMatch(/^t=\d{13}$/);
    const unknown = await get(d.routerPort, 'nobody.example');
    expect(unknown).toEqual({ status: 404, body: '<h1>404 Not Found</h1><p>No app is served at this address.</p>\n' });
    // The daemon's own HTTP server answers these (a 404 of its own, not the router's page).
    const acme = await get(d.routerPort, `${app}.localhost`, '/.well-known/acme-challenge/nothing');
    expect(acme.body).not.toContain('No app is served');
    const own = await get(d.routerPort, 'localhost', `/${app}.git/info/refs?service=git-upload-pack`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('git-upload-pack');
  });

  test('20 consecutive deploys under keep-alive load: no failed request', { timeout: 900_000 }, async () => {
    const app = uniqueApp('twenty');
    const dir = await nodeApp({ 'version.txt': 'v0\n' });
    expect((await push(dir, app)).exitCode).toBe(0);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const load = keepAliveLoad(d.routerPort, `${app}.localhost`, finished);
    const fresh = requestLoop(d.routerPort, `${app}.localhost`, finished);
    for (let i = 1; i <= 20; i++) {
      await commitFiles(dir, { 'version.txt': `v${i}\n` }, `v${i}`);
      const res = await push(dir, app);
      expect(res.exitCode, res.stderr).toBe(0);
    }
    done();
    const [k, f] = await Promise.all([load, fresh]);
    // What the daemon did to the router, should a request have failed.
    const routerEvents = d.logs().split('\n').filter((l) => /"event":"(router-|reconciled|drain)/.test(l)).join('\n');
    expect(k.failures, routerEvents).toEqual([]);
    expect(f.failures, routerEvents).toEqual([]);
    expect(k.ok).toBeGreaterThan(100);
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from node v20\n');
  });

  test('other apps created, given domains and destroyed: no failed request to a running app', { timeout: 600_000 }, async () => {
    const app = uniqueApp('steady');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const load = keepAliveLoad(d.routerPort, `${app}.localhost`, finished);
    for (let i = 0; i < 3; i++) {
      const other = uniqueApp(`other${i}`);
      expect((await push(await nodeApp(), other)).exitCode).toBe(0);
      expect((await d.berth('domains:add', other, `${other}.example`)).exitCode).toBe(0);
      expect((await get(d.routerPort, `${other}.example`)).status).toBe(200);
      expect((await d.berth('apps:destroy', other, '--force')).exitCode).toBe(0);
      expect((await get(d.routerPort, `${other}.example`)).status).toBe(404);
    }
    done();
    const k = await load;
    expect(k.failures).toEqual([]);
    expect(k.ok).toBeGreaterThan(50);
  });

  test('the daemon killed with SIGKILL and started again: the router keeps serving', { timeout: 300_000 }, async () => {
    const app = uniqueApp('survive');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const port = d.routerPort;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const load = keepAliveLoad(port, `${app}.localhost`, finished);
    const fresh = requestLoop(port, `${app}.localhost`, finished);
    await d.kill();
    await new Promise((r) => setTimeout(r, 1000));
    d = await startDaemon(['--drain-timeout', '5'], { home: d.home });
    expect(d.routerPort).toBe(port);
    expect((await get(port, `${app}.localhost`)).status).toBe(200);
    done();
    const [k, f] = await Promise.all([load, fresh]);
    // What the restarted daemon did to the router, should a request have failed.
    const routerEvents = d.logs().split('\n').filter((l) => /"event":"(router-|reconciled|drain)/.test(l)).join('\n');
    expect(k.failures, routerEvents).toEqual([]);
    expect(f.failures, routerEvents).toEqual([]);
    expect(f.ok).toBeGreaterThan(10);
  });

  test('haproxy:* and proxy:* commands', async () => {
    const app = uniqueApp('cmds');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const report = JSON.parse((await d.berth('haproxy:report', '--format', 'json')).stdout) as Record<string, unknown>;
    expect(report['Haproxy running']).toBe(true);
    expect(report['Haproxy http port']).toBe(d.routerPort);
    expect(report['Haproxy routed apps']).toContain(app);
    expect((await d.berth('haproxy:show-config')).stdout).toContain('stats socket');
    await get(d.routerPort, `${app}.localhost`);
    expect((await d.berth('haproxy:logs', '-n', '50')).stdout).toContain('"GET / HTTP/1.1"');
    const disable = await d.berth('proxy:disable', app);
    expect(disable.stdout).toContain(`Disabling proxy for app (${app})`);
    expect((await get(d.routerPort, `${app}.localhost`)).status).toBe(404);
    const proxy = JSON.parse((await d.berth('proxy:report', app, '--format', 'json')).stdout) as Record<string, unknown>;
    expect(proxy['Proxy enabled']).toBe(false);
    expect(proxy['Proxy type']).toBe('haproxy');
    expect((await d.berth('proxy:enable', app)).exitCode).toBe(0);
    expect((await get(d.routerPort, `${app}.localhost`)).status).toBe(200);
    expect((await d.berth('proxy:disable', 'no-such-app')).exitCode).toBe(1);
  });
});
