/**
 * The zero-downtime swap under load: scaling, workers, draining slow
 * requests, keep-alive clients and upgraded connections.
 */
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';

let d: TestDaemon;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon(['--drain-timeout', '8']);
});

afterAll(async () => {
  await d?.stop();
});

const push = (dir: string, app: string) => git(dir, 'push', d.gitUrl(app), 'main');

async function containers(app: string, process: string) {
  return (await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.process': process })).filter((c) => c.state === 'running');
}

describe('scaling', () => {
  test('ps:scale web=3 spreads requests over three containers', async () => {
    const app = uniqueApp('scale');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const res = await d.berth('ps:scale', app, 'web=3');
    expect(res.exitCode, res.stderr).toBe(0);
    const hosts = new Set<string>();
    for (let i = 0; i < 12; i++) hosts.add((await get(d.routerPort, `${app}.localhost`, '/whoami')).body.trim());
    expect(hosts.size).toBe(3);
    const formation = JSON.parse((await d.berth('ps:scale', app, '--format', 'json')).stdout) as unknown;
    expect(formation).toEqual([{ process_type: 'web', quantity: 3 }]);
    const report = JSON.parse((await d.berth('ps:report', app, '--format', 'json')).stdout) as Record<string, string>;
    expect([report['processes'], report['running']]).toEqual(['3', 'true']);
  });

  test('a worker runs and is replaced on redeploy', async () => {
    const app = uniqueApp('worker');
    const dir = await nodeApp({ Procfile: 'web: node server.js\nworker: node -e "setInterval(() => {}, 1000)"\n' });
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    expect((await d.berth('ps:scale', app, 'worker=1', '--skip-deploy')).exitCode).toBe(0);
    // The worker ignores SIGTERM (PID 1 without a handler): the stop timeout decides.
    expect((await d.berth('ps:set', app, 'stop-timeout-seconds', '1')).exitCode).toBe(0);
    expect((await push(dir, app)).exitCode).toBe(0);
    const [first] = await containers(app, 'worker');
    const firstDeploy = first?.labels['berth.deploy'] as string;
    expect(firstDeploy).toMatch(/^\d+$/);
    await commitFiles(dir, { 'version.txt': 'v2\n' }, 'v2');
    expect((await push(dir, app)).exitCode).toBe(0);
    const now = await containers(app, 'worker');
    expect(now.some((c) => Number(c.labels['berth.deploy']) > Number(firstDeploy))).toBe(true);
    // The old worker is retired: stopped and removed, with nothing in flight to wait for.
    for (;;) {
      const left = await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app, 'berth.deploy': firstDeploy });
      if (!left.length) break;
    }
  });
});

describe('zero downtime', () => {
  test('five consecutive deploys: no failed request, slow requests drain, keep-alive moves over', { timeout: 400_000 }, async () => {
    const app = uniqueApp('zero');
    const dir = await nodeApp({ 'version.txt': 'r0\n' });
    const first = await push(dir, app);
    expect(first.exitCode, first.stderr).toBe(0);
    const host = `${app}.localhost`;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const fast = requestLoop(d.routerPort, host, finished);
    const slow = requestLoop(d.routerPort, host, finished, 1000, '/slow?ms=2000');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const keepAlive = keepAliveLoop(d.routerPort, host, agent, finished);
    for (let i = 1; i <= 5; i++) {
      await commitFiles(dir, { 'version.txt': `r${i}\n` }, `r${i}`);
      const res = await push(dir, app);
      expect(res.exitCode, res.stderr).toBe(0);
    }
    done();
    const [f, s, k] = await Promise.all([fast, slow, keepAlive]);
    agent.destroy();
    expect(f.failures).toEqual([]);
    expect(s.failures).toEqual([]);
    expect(k.failures).toEqual([]);
    expect(f.ok).toBeGreaterThan(20);
    expect(s.ok).toBeGreaterThan(3);
    expect(k.sockets).toBe(1);
    expect(k.bodies.at(-1)).toBe('hello from node r5');
    expect(new Set(k.bodies).size).toBeGreaterThan(1);
  });

  test('an upgraded connection opened before a deploy keeps working until the drain deadline', async () => {
    const app = uniqueApp('ws');
    const dir = await nodeApp({ 'version.txt': 'w1\n' });
    expect((await push(dir, app)).exitCode).toBe(0);
    const socket = await upgrade(d.routerPort, `${app}.localhost`);
    expect(await echo(socket, 'a')).toBe('w1:a');
    await commitFiles(dir, { 'version.txt': 'w2\n' }, 'w2');
    const t0 = Date.now();
    expect((await push(dir, app)).exitCode).toBe(0);
    expect(await echo(socket, 'b')).toBe('w1:b');
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from node w2\n');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(7000);
  });
});

async function keepAliveLoop(port: number, host: string, agent: Agent, stop: Promise<void>) {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const sockets = new Set<Socket>();
  const result = { failures: [] as string[], bodies: [] as string[], sockets: 0 };
  while (!stopped) {
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve(text.trim()) : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on('socket', (s: Socket) => sockets.add(s));
        req.on('error', reject);
        req.end();
      });
      if (result.bodies.at(-1) !== body) result.bodies.push(body);
    } catch (err) {
      result.failures.push(String(err));
    }
  }
  result.sockets = sockets.size;
  return result;
}

function upgrade(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host, Connection: 'Upgrade', Upgrade: 'echo' } });
    req.on('upgrade', (_res, socket: Socket) => resolve(socket));
    req.on('error', reject);
    req.end();
  });
}

function echo(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (d: Buffer) => resolve(d.toString()));
    socket.write(text);
  });
}
