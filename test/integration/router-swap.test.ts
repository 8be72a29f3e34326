import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router, routerFiles, type Upstream } from '../../src/router/index.js';
import { stop } from '../../src/router/process.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<Upstream> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

interface App {
  readonly up: Upstream;
  /** Settles once the app has answered `enough` requests. */
  readonly served: Promise<void>;
  close(): Promise<void>;
}

/** An app container stand-in answering with its name. */
async function app(name: string, enough = 1): Promise<App> {
  let count = 0;
  let answered!: () => void;
  const served = new Promise<void>((resolve) => (answered = resolve));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(name, () => ++count >= enough && answered()));
  });
  const up = await listen(server);
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(close);
  return { up, served, close };
}

/** A port nothing listens on any more: connections to it are refused. */
async function closedUpstream(): Promise<Upstream> {
  const server = createServer();
  const up = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return up;
}

/** A real HAProxy driven by berth's Router, in its own temporary home; stopped after the test. */
async function startRouter(): Promise<{ router: Router; port: number; events: Record<string, unknown>[] }> {
  const events: Record<string, unknown>[] = [];
  const home = await mkdtemp(join(tmpdir(), 'berth-router-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  cleanups.push(() => stop(routerFiles(home)));
  const router = await Router.open({ home, bind: '127.0.0.1', httpPort: 0, httpsPort: 0, log: (e) => void events.push(e) });
  // Files of changes applied at run time are still being written: close waits for them.
  cleanups.push(() => router.close());
  return { router, port: router.ports.http, events };
}

function send(port: number, method: string, agent: Agent | false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, headers: { host: 'app.test' }, agent });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.end(method === 'POST' ? 'some body' : undefined);
  });
}

describe('Router retries', () => {
  test('a refused upstream is skipped for bodyless requests: no 502', async () => {
    const gone = await closedUpstream();
    const live = await app('live');
    const { router, port, events } = await startRouter();
    await router.setRoute('app', ['app.test'], [gone, live.up]);
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'DELETE', 'GET', 'GET']) {
      expect((await send(port, method, false)).status).toBe(200);
    }
    expect(events.filter((e) => e.event !== 'router-started')).toEqual([]);
    expect(await router.inflight(gone)).toBe(0);
  });

  // HAProxy answers 503 once its retries found no server that accepts a connection.
  test('only refused upstreams give a 503 naming no internals', async () => {
    const gone = await closedUpstream();
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [gone]);
    const reply = await send(port, 'GET', false);
    expect(reply.status).toBe(503);
    expect(reply.text).not.toContain(String(gone.port));
    expect(reply.text).not.toMatch(/127\.0\.0\.1|berth|ECONNREFUSED/i);
  });

  // A refused connection never carried the request, so HAProxy retries it elsewhere whatever its method.
  test('a request with a body is retried when the connection was refused', async () => {
    const gone = await closedUpstream();
    const live = await app('live');
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [gone, live.up]);
    expect((await send(port, 'POST', false)).status).toBe(200);
    expect(await send(port, 'POST', false)).toEqual({ status: 200, text: 'live' });
  });

  test('an upstream dropping the connection before answering is skipped for a GET, not a POST', async () => {
    const sockets = new Set<Socket>();
    const hangup = createNetServer((s) => (sockets.add(s), s.once('data', () => s.destroy())));
    const dropping = await listen(hangup);
    cleanups.push(() => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), hangup.close(resolve))));
    const live = await app('live');
    const { router, port, events } = await startRouter();
    await router.setRoute('app', ['app.test'], [dropping, live.up]);
    expect(await send(port, 'GET', false)).toEqual({ status: 200, text: 'live' });
    expect(events.filter((e) => e.event !== 'router-started')).toEqual([]);
    expect((await send(port, 'POST', false)).status).toBe(502);
    expect(await router.inflight(dropping)).toBe(0);
  });

});

describe('Router swaps', () => {
  test('repeated swaps under keep-alive load lose no request', { timeout: 180_000 }, async () => {
    const { router, port, events } = await startRouter();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    cleanups.push(() => agent.destroy());
    let current = await Promise.all([app('gen0-a', 25), app('gen0-b', 25)]);
    await router.setRoute('app', ['app.test'], current.map((a) => a.up));
    let stopped = false;
    const failures: string[] = [];
    let ok = 0;
    const client = async (i: number): Promise<void> => {
      for (let n = 0; !stopped; n++) {
        const reply = await send(port, (i + n) % 3 === 0 ? 'POST' : 'GET', agent).catch((err: Error) => ({ status: 0, text: err.message }));
        if (reply.status === 200) ok++;
        else failures.push(`${reply.status} ${reply.text}`);
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    for (let gen = 1; gen <= 5; gen++) {
      const next = await Promise.all([app(`gen${gen}-a`, 25), app(`gen${gen}-b`, 25)]);
      await Promise.all(current.map((a) => a.served));
      await router.setRoute('app', ['app.test'], next.map((a) => a.up));
      expect(await router.drain(current.map((a) => a.up), 10_000)).toBe(true);
      await Promise.all(current.map((a) => a.close()));
      current = next;
    }
    await Promise.all(current.map((a) => a.served));
    stopped = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(events.filter((e) => e.event !== 'router-started')).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(6 * 2 * 25);
  });
});
