/**
 * Git over HTTP with tokens: every request is checked, not only info/refs.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';

let d: TestDaemon;
let adminToken: string;
let limitedToken: string;
let app: string;
let dir: string;

beforeAll(async () => {
  d = await startDaemon([], { insecureHttp: false });
  app = uniqueApp('tok');
  const admin = await d.berth('tokens:create', 'admin');
  expect(admin.exitCode, admin.stderr).toBe(0);
  adminToken = admin.stdout.trim();
  limitedToken = (await d.berth('tokens:create', 'mirror', '--apps', app)).stdout.trim();
  dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
});

afterAll(async () => {
  await d?.stop();
});

const url = (token: string | undefined, name = app) =>
  token === undefined ? `http://127.0.0.1:${d.httpPort}/${name}.git` : `http://ci:${token}@127.0.0.1:${d.httpPort}/${name}.git`;

function raw(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.httpPort, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP tokens', () => {
  test('tokens are printed once and stored as hashes only', async () => {
    expect(adminToken).toMatch(/^berth_[A-Za-z0-9_-]{32}$/);
    const list = await d.berth('tokens:list', '--format', 'json');
    expect(list.stdout).not.toContain(adminToken);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['admin', 'mirror']);
    const db = await readFile(join(d.home, 'berth.db'));
    expect(db.includes(Buffer.from(adminToken))).toBe(false);
  });

  test('no token: 401 with a challenge, so git prompts', async () => {
    const res = await raw('GET', `/${app}.git/info/refs?service=git-receive-pack`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="berth"/);
    const push = await git(dir, 'push', url(undefined), 'main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/Authentication failed|could not read Username/);
  });

  test('a wrong token: 401', async () => {
    const push = await git(dir, 'push', url('berth_wrong'), 'main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toContain('Authentication failed');
  });

  test('the POST itself is checked, not only info/refs', async () => {
    const zero = '0'.repeat(40);
    const line = `${zero} ${zero} refs/heads/main\0report-status delete-refs\n`;
    const body = `${(line.length + 4).toString(16).padStart(4, '0')}${line}0000`;
    const res = await raw('POST', `/${app}.git/git-receive-pack`, { 'content-type': 'application/x-git-receive-pack-request' }, body);
    expect(res.status).toBe(401);
    const up = await raw('POST', `/${app}.git/git-upload-pack`, { 'content-type': 'application/x-git-upload-pack-request' }, '0000');
    expect(up.status).toBe(401);
  });

  test('the right token pushes and deploys; clone needs it too', async () => {
    const push = await git(dir, 'push', url(adminToken), 'main');
    expect(push.exitCode, push.stderr).toBe(0);
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from static\n');
    const denied = await git(await tmpHome(), 'clone', '-q', url(undefined), 'x');
    expect(denied.exitCode).not.toBe(0);
    const clone = join(await tmpHome(), 'clone');
    const ok = await git(await tmpHome(), 'clone', '-q', url(limitedToken), clone);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(await readFile(join(clone, 'index.html'), 'utf8')).toBe('hello from static\n');
  });

  test('a limited token cannot reach other apps or create apps; a revoked token stops working', async () => {
    const other = uniqueApp('other');
    const res = await git(dir, 'push', url(limitedToken, other), 'main');
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain(`token mirror may not use app ${other}`);
    expect(d.logs()).toMatch(/"event":"access-denied".*"principal":"mirror"/);
    const temp = (await d.berth('tokens:create', 'temp')).stdout.trim();
    expect((await git(dir, 'ls-remote', url(temp))).exitCode).toBe(0);
    expect((await d.berth('tokens:revoke', 'temp')).exitCode).toBe(0);
    expect((await git(dir, 'ls-remote', url(temp))).exitCode).not.toBe(0);
  });
});
