import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

interface TestUpstream {
  readonly up: Upstream;
  readonly server: Server;
}

/** A real HTTP server on 127.0.0.1 standing in for an app container. */
async function upstream(handler: RequestListener): Promise<TestUpstream> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s))));
  server.on('upgrade', (_req, s: Socket) => (sockets.add(s), s.once('close', () => sockets.delete(s))));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => closeServer(server, sockets));
  return { server, up: { host: '127.0.0.1', port: (server.address() as AddressInfo).port } };
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An upstream answering every request with its name. */
const named = (name: string): Promise<TestUpstream> => upstream((_req, res) => res.end(name));

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

interface Reply {
  status: number;
  body: Buffer;
  text: string;
  headers: IncomingMessage['headers'];
  reused: boolean;
  socket: Socket;
}

interface Send {
  host: string;
  method?: string;
  path?: string;
  body?: Buffer;
  agent?: Agent;
  headers?: Record<string, string>;
}

function send(port: number, opts: Send): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers, host: opts.host };
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers, agent: opts.agent ?? false });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, body, text: body.toString(), headers: res.headers, reused: req.reusedSocket, socket: req.socket as Socket });
      });
    });
    req.end(opts.body);
  });
}

describe('Router', () => {
  test('routes by Host, case and port ignored; unknown hosts get a bare 404', async () => {
    const a = await named('a');
    const b = await named('b');
    const { router, port } = await startRouter();
    await router.setRoute('alpha', ['alpha.test'], [a.up]);
    await router.setRoute('beta', ['beta.test', 'www.beta.test'], [b.up]);
    await router.setRoute('empty', ['empty.test'], []);
    expect((await send(port, { host: 'ALPHA.test:8000' })).text).toBe('a');
    expect((await send(port, { host: 'www.beta.test' })).text).toBe('b');
    for (const host of ['nope.test', 'empty.test']) {
      const reply = await send(port, { host });
      expect(reply.status).toBe(404);
      expect(reply.text).toContain('<h1>404 Not Found</h1><p>No app is served at this address.</p>');
      expect(reply.text).not.toMatch(/berth|alpha|beta|127\.0\.0\.1|\d{4,}/i);
    }
    await router.removeRoute('alpha');
    expect((await send(port, { host: 'alpha.test' })).status).toBe(404);
    expect(router.state().backends.filter((b) => b.app).map((b) => b.app)).toEqual(["beta", "empty"]);
  });

  test('forwards end-to-end headers and adds X-Forwarded-*', async () => {
    const echo = await upstream((req, res) => res.setHeader('x-app', 'yes').end(JSON.stringify(req.headers)));
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [echo.up]);
    const headers = { 'x-custom': '1', 'x-forwarded-for': '10.0.0.1', te: 'trailers', 'keep-alive': 'timeout=5' };
    const reply = await send(port, { host: 'app.test', headers });
    const seen = JSON.parse(reply.text) as Record<string, string>;
    expect(seen).toMatchObject({ host: 'app.test', 'x-custom': '1', 'x-forwarded-for': '10.0.0.1, 127.0.0.1' });
    expect(seen).toMatchObject({ 'x-forwarded-proto': 'http', 'x-forwarded-host': 'app.test', 'x-forwarded-port': String(port) });
    expect(seen['x-request-start']).toMatch(/^t=\d+$/);
    expect(reply.headers['x-app']).toBe('yes');
  });

  test('round robin across three upstreams', async () => {
    const ups = await Promise.all(['a', 'b', 'c'].map(named));
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], ups.map((u) => u.up));
    const bodies: string[] = [];
    for (let i = 0; i < 6; i++) bodies.push((await send(port, { host: 'app.test' })).text);
    expect(bodies).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  test('a switch moves a keep-alive client to the new upstream on the same connection', async () => {
    const [a, b] = await Promise.all([named('old'), named('new')]);
    const { router, port } = await startRouter();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    await router.setRoute('app', ['app.test'], [a.up]);
    const first = await send(port, { host: 'app.test', agent });
    const missing = await send(port, { host: 'nope.test', agent });
    await router.setRoute('app', ['app.test'], [b.up]);
    const second = await send(port, { host: 'app.test', agent });
    expect([first.text, missing.status, second.text]).toEqual(['old', 404, 'new']);
    expect(second.reused).toBe(true);
    expect(second.socket).toBe(first.socket);
  });
});

describe('Router.drain', () => {
  test('waits for a slow in-flight request, which completes intact', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let finished = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = await upstream((_req, res) => {
      res.write('first half, ');
      arrived();
      void released.then(() => res.end('second half', () => (finished = true)));
    });
    const fresh = await named('fresh');
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [slow.up]);
    const reply = send(port, { host: 'app.test' });
    await arrival;
    await router.setRoute('app', ['app.test'], [fresh.up]);
    expect(await router.inflight(slow.up)).toBe(1);
    const draining = router.drain([slow.up], 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(finished).toBe(false);
    release();
    expect(await draining).toBe(true);
    expect(finished).toBe(true);
    expect(await router.inflight(slow.up)).toBe(0);
    expect((await reply).text).toBe('first half, second half');
    expect((await send(port, { host: 'app.test' })).text).toBe('fresh');
  });

  test('resolves false at the deadline; the cut GET is retried on the current route', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const stuck = await upstream(() => arrived());
    const fresh = await named('fresh');
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [stuck.up]);
    const reply = send(port, { host: 'app.test' });
    await arrival;
    await router.setRoute('app', ['app.test'], [fresh.up]);
    const started = Date.now();
    expect(await router.drain([stuck.up], 150)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await reply).text).toBe('fresh');
    expect(await router.inflight(stuck.up)).toBe(0);
  });
});

describe('Router streams', () => {
  test('a 1 MB POST body goes up and comes back intact', async () => {
    const echo = await upstream((req, res) => req.pipe(res));
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [echo.up]);
    const body = randomBytes(1024 * 1024);
    const reply = await send(port, { host: 'app.test', method: 'POST', body });
    expect(reply.status).toBe(200);
    expect(sha256(reply.body)).toBe(sha256(body));
    expect(await router.inflight(echo.up)).toBe(0);
  });

  test('a client aborting mid-body ends just that request', async () => {
    let gotData!: () => void;
    const receiving = new Promise<void>((resolve) => (gotData = resolve));
    let upstreamComplete!: Promise<boolean>;
    const sink = await upstream((req, res) => {
      if (req.method === 'GET') return res.end('alive');
      req.on('error', () => undefined);
      upstreamComplete = new Promise((resolve) => req.once('close', () => resolve(req.complete)));
      req.once('data', () => gotData());
    });
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [sink.up]);
    const headers = { host: 'app.test', 'content-length': String(1024 * 1024) };
    const req = request({ host: '127.0.0.1', port, method: 'POST', headers, agent: false });
    req.on('error', () => undefined);
    req.write(randomBytes(64 * 1024));
    await receiving;
    req.destroy();
    while ((await router.inflight(sink.up)) > 0) await new Promise((r) => setTimeout(r, 50));
    expect(await upstreamComplete).toBe(false);
    expect(await router.inflight(sink.up)).toBe(0);
    expect((await send(port, { host: 'app.test' })).text).toBe('alive');
  });
});

describe('Router upgrades', () => {
  async function echoUpstream(): Promise<TestUpstream> {
    const up = await upstream((_req, res) => res.end('plain'));
    up.server.on('upgrade', (_req, socket: Socket, head: Buffer) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
      if (head.length > 0) socket.write(head);
      socket.pipe(socket);
    });
    return up;
  }

  async function openUpgrade(port: number): Promise<Socket> {
    const headers = { host: 'app.test', connection: 'Upgrade', upgrade: 'echo' };
    const req = request({ host: '127.0.0.1', port, headers, agent: false });
    req.end();
    const [res, socket] = (await once(req, 'upgrade')) as [IncomingMessage, Socket];
    expect(res.statusCode).toBe(101);
    cleanups.push(() => socket.destroy());
    return socket;
  }

  async function roundTrip(socket: Socket, text: string): Promise<string> {
    socket.write(text);
    const [data] = (await once(socket, 'data')) as [Buffer];
    return data.toString();
  }

  test('bytes are echoed through, and drain waits for the connection to close', async () => {
    const echo = await echoUpstream();
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [echo.up]);
    const socket = await openUpgrade(port);
    expect(await roundTrip(socket, 'ping')).toBe('ping');
    expect(await router.inflight(echo.up)).toBe(1);
    let settled = false;
    const drained = router.drain([echo.up], 10_000).finally(() => (settled = true));
    expect(await roundTrip(socket, 'still open')).toBe('still open');
    expect(settled).toBe(false);
    socket.end();
    expect(await drained).toBe(true);
    expect(await router.inflight(echo.up)).toBe(0);
  });

  test('at the drain deadline the upgraded connection is cut', async () => {
    const echo = await echoUpstream();
    const { router, port } = await startRouter();
    await router.setRoute('app', ['app.test'], [echo.up]);
    const socket = await openUpgrade(port);
    const closed = once(socket, 'close');
    expect(await router.drain([echo.up], 50)).toBe(false);
    await closed;
    expect(await router.inflight(echo.up)).toBe(0);
  });
});

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
