/**
 * Certificates and Let's Encrypt, against pebble (Let's Encrypt's test CA)
 * with a real app behind the router: refusals, certs:add from a tar,
 * SNI, the HTTP→HTTPS redirect, a replacement under load, ACME issuance,
 * renewal, revocation, and git over HTTPS on the host's own name.
 */
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commitFiles } from '../helpers/apps.js';
import { makeTestCa, type TestCa } from '../helpers/certs.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { getTls, tlsLoop } from '../helpers/https.js';
import { freePort, startPebble, type Pebble } from '../helpers/pebble.js';

const DOMAIN = 'berth.test';
let d: TestDaemon;
let pebble: Pebble;
let ca: TestCa;
let app: string;
let host: string;
let token: string;
let daemonArgs: string[];
let daemonEnv: Record<string, string>;

beforeAll(async () => {
  const routerPort = await freePort();
  pebble = await startPebble(routerPort);
  ca = await makeTestCa();
  daemonArgs = ['--router-port', String(routerPort), '--domain', DOMAIN];
  daemonEnv = { NODE_EXTRA_CA_CERTS: pebble.caFile };
  d = await startDaemon(daemonArgs, { insecureHttp: false, env: daemonEnv });
  token = (await d.berth('tokens:create', 'tls-ci')).stdout.trim();
  app = uniqueApp('tls');
  host = `${app}.${DOMAIN}`;
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  await commitFiles(dir, { 'index.html': 'secure\n' }, 'static');
  const pushed = await git(dir, 'push', d.gitUrl(app).replace('http://', `http://ci:${token}@`), 'main');
  expect(pushed.exitCode, pushed.stderr).toBe(0);
  for (const [k, v] of [['email', 'ops@example.com'], ['server', pebble.directoryUrl]]) expect((await d.berth('letsencrypt:set', '--global', k as string, v as string)).exitCode).toBe(0);
}, 240_000);

afterAll(async () => {
  await d?.stop();
  await pebble?.stop();
  await ca?.remove();
});

const sslEnabled = async (name: string) => (JSON.parse((await d.berth('certs:report', name, '--format', 'json')).stdout) as Record<string, unknown>)['Ssl enabled'];

function tarOf(files: Record<string, string>): Promise<string> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name }, text);
  pack.finalize();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('certs', () => {
  test('a bad pair is refused with one line and nothing changes', async () => {
    const good = await ca.issue([host]);
    const stray = join(ca.dir, 'stray.key');
    await writeFile(stray, await ca.strayKey());
    const other = await ca.issue(['other.example']);
    const day = 86400_000;
    const expired = await ca.issue([host], { start: new Date(Date.now() - 9 * day), end: new Date(Date.now() - day) });
    const cases: [string, string, string][] = [
      [good.crtPath, stray, 'the key does not match the certificate'],
      [other.crtPath, other.keyPath, `the certificate is for other.example, none of ${host}`],
      [expired.crtPath, expired.keyPath, 'the certificate expired at '],
    ];
    for (const [crt, key, why] of cases) {
      const res = await d.berth('certs:add', app, crt, key);
      expect(res.exitCode).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(` !     ${why}`);
    }
    expect(await sslEnabled(app)).toBe(false);
    expect((await d.berth('certs:show', app, 'crt')).stderr).toContain(`${app} has no certificate`);
  });

  test('certs:add from a tar on stdin: SNI serves it, HTTP redirects, proxy:set turns that off, certs:remove', async () => {
    const pair = await ca.issue([host, `*.${host}`]);
    const added = await d.berthWithInput(await tarOf({ 'server.crt': pair.crt, 'server.key': pair.key }), 'certs:add', app);
    expect(added.exitCode, added.stderr).toBe(0);
    const https = await getTls(d.routerTlsPort, host, ca.caCrt);
    expect([https.status, https.body, https.fingerprint]).toEqual([200, 'secure\n', new X509Certificate(pair.crt).fingerprint256]);
    const plain = await get(d.routerPort, host, '/x?y=1');
    expect([plain.status]).toEqual([301]);
    expect((await d.berth('certs:show', app, 'crt')).stdout).toBe(pair.crt.trim());
    const report = JSON.parse((await d.berth('certs:report', app, '--format', 'json')).stdout) as Record<string, unknown>;
    expect(report['Ssl hostnames']).toEqual([host, `*.${host}`]);
    expect(report['Ssl verified']).toBe('issued by a certificate authority');

    expect((await d.berth('proxy:set', app, 'https-redirect', 'false')).exitCode).toBe(0);
    expect((await get(d.routerPort, host)).body).toBe('secure\n');
    expect((await d.berth('proxy:set', app, 'https-redirect')).exitCode).toBe(0);
    expect((await get(d.routerPort, host)).status).toBe(301);

    expect((await d.berth('certs:remove', app)).exitCode).toBe(0);
    expect(await sslEnabled(app)).toBe(false);
    expect((await get(d.routerPort, host)).body).toBe('secure\n');
  });

  test('a certificate replaced under a TLS request loop: 0 failed requests', async () => {
    const first = await ca.issue([host]);
    const second = await ca.issue([host]);
    expect((await d.berth('certs:add', app, first.crtPath, first.keyPath)).exitCode).toBe(0);
    try {
      await replaceUnderLoad(first, second);
    } finally {
      await d.berth('certs:remove', app);
    }
  });

  test('apps:rename takes the certificate along: the renamed app serves its own domain over HTTPS with it', async () => {
    const from = uniqueApp('tlsmv');
    const to = uniqueApp('tlsmv2');
    const shop = `${from}.shop.example`;
    expect((await d.berth('apps:clone', app, from)).exitCode).toBe(0);
    try {
      expect((await d.berth('domains:add', from, shop)).exitCode).toBe(0);
      const pair = await ca.issue([shop]);
      expect((await d.berth('certs:add', from, pair.crtPath, pair.keyPath)).exitCode).toBe(0);
      const renamed = await d.berth('apps:rename', from, to);
      expect(renamed.exitCode, renamed.stderr).toBe(0);
      const https = await getTls(d.routerTlsPort, shop, ca.caCrt);
      expect([https.status, https.body, https.fingerprint]).toEqual([200, 'secure\n', new X509Certificate(pair.crt).fingerprint256]);
      expect(await sslEnabled(to)).toBe(true);
      expect((await get(d.routerPort, shop)).status).toBe(301);
    } finally {
      await d.berth('apps:destroy', to, '--force');
      await d.berth('apps:destroy', from, '--force');
    }
  });
});

// Replaces the app's certificate while TLS requests run one after another; every one must succeed.
async function replaceUnderLoad(first: { crt: string }, second: { crt: string; crtPath: string; keyPath: string }): Promise<void> {
  let done!: () => void;
  const stop = new Promise<void>((r) => (done = r));
  const loop = tlsLoop(d.routerTlsPort, host, ca.caCrt, stop);
  await new Promise((r) => setTimeout(r, 300));
  const updated = await d.berth('certs:update', app, second.crtPath, second.keyPath);
  await new Promise((r) => setTimeout(r, 300));
  done();
  const result = await loop;
  expect(updated.exitCode, updated.stderr).toBe(0);
  expect(result.failures).toEqual([]);
  expect(result.ok).toBeGreaterThan(10);
  expect([...result.fingerprints]).toEqual([first, second].map((p) => new X509Certificate(p.crt).fingerprint256));
}

describe('letsencrypt against pebble', () => {
  test('a failed order says why in one line, and the app keeps serving', async () => {
    const lost = `lost.${host}`;
    expect((await d.berth('domains:add', app, lost)).exitCode).toBe(0);
    await pebble.setA(lost, '127.0.0.2');
    try {
      const res = await d.berth('letsencrypt:enable', app);
      expect(res.exitCode).toBe(1);
      expect(res.stderr).toMatch(/ ! {5}the certificate order for .* failed: the challenge at \/\.well-known\/acme-challenge\/ was not reachable: /);
      expect(res.stderr.split('\n').filter((l) => l.startsWith(' !'))).toHaveLength(1);
      expect(await sslEnabled(app)).toBe(false);
      expect((await get(d.routerPort, host)).body).toBe('secure\n');
    } finally {
      await d.berth('domains:remove', app, lost);
    }
  });

  test('enable: HTTPS with the issued chain, redirect, list, renewal, revoke', async () => {
    const enabled = await d.berth('letsencrypt:enable', app);
    expect(enabled.exitCode, enabled.stderr).toBe(0);
    const root = await pebble.root();
    const first = await getTls(d.routerTlsPort, host, root);
    expect([first.status, first.body]).toEqual([200, 'secure\n']);
    expect((await get(d.routerPort, host)).status).toBe(301);
    expect((await get(d.routerPort, host, '/.well-known/acme-challenge/nope')).status).toBe(404);
    const list = await d.berth('letsencrypt:list');
    expect(list.stdout).toMatch(new RegExp(`${app}\\s+\\d{4}-`));

    // Not due: nothing happens; a grace period longer than the certificate's life makes it due.
    expect((await d.berth('letsencrypt:auto-renew', app)).stdout).toContain(`${app}: not due`);
    expect((await d.berth('letsencrypt:set', app, 'graceperiod', '3000000000')).exitCode).toBe(0);
    const renewed = await d.berth('letsencrypt:auto-renew', app);
    expect(renewed.stdout, renewed.stderr).toContain(`${app}: renewed`);
    const second = await getTls(d.routerTlsPort, host, root);
    expect(second.status).toBe(200);
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect((await d.berth('letsencrypt:set', app, 'graceperiod')).exitCode).toBe(0);

    const revoked = await d.berth('letsencrypt:revoke', app);
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    expect(await sslEnabled(app)).toBe(false);
    expect((await get(d.routerPort, host)).body).toBe('secure\n');
    const report = JSON.parse((await d.berth('letsencrypt:report', app, '--format', 'json')).stdout) as Record<string, unknown>;
    expect(report['Letsencrypt active']).toBe(false);
  });

  test('a daemon killed and started again reloads certificates and renews what is due on its own', async () => {
    expect((await d.berth('letsencrypt:enable', app)).exitCode).toBe(0);
    const root = await pebble.root();
    const before = await getTls(d.routerTlsPort, host, root);
    expect((await d.berth('letsencrypt:set', app, 'graceperiod', '3000000000')).exitCode).toBe(0);
    await d.kill();
    d = await startDaemon(daemonArgs, { insecureHttp: false, env: daemonEnv, home: d.home });
    const deadline = Date.now() + 60_000;
    let now = before;
    while (now.fingerprint === before.fingerprint && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      now = await getTls(d.routerTlsPort, host, root);
    }
    expect(now.status).toBe(200);
    expect(now.fingerprint).not.toBe(before.fingerprint);
    expect((await d.berth('letsencrypt:set', app, 'graceperiod')).exitCode).toBe(0);
    expect((await d.berth('letsencrypt:disable', app)).exitCode).toBe(0);
    expect((await get(d.routerPort, host)).body).toBe('secure\n');
  });

  test("the host's own name: git over HTTPS through the router with the same token", async () => {
    const enabled = await d.berth('letsencrypt:enable', '--global');
    expect(enabled.exitCode, enabled.stderr).toBe(0);
    const caFile = join(ca.dir, 'pebble-root.pem');
    await writeFile(caFile, await pebble.root());
    const url = `https://ci:${token}@${DOMAIN}:${d.routerTlsPort}/${app}.git`;
    expect((await gitWithEnv({ GIT_SSL_CAINFO: caFile }, ca.dir, 'ls-remote', url.replace(`ci:${token}@`, ''), 'main')).exitCode).not.toBe(0);
    const env = { GIT_SSL_CAINFO: caFile, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.curloptResolve', GIT_CONFIG_VALUE_0: `${DOMAIN}:${d.routerTlsPort}:127.0.0.1` };
    const ls = await gitWithEnv(env, ca.dir, 'ls-remote', url, 'main');
    expect(ls.exitCode, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/m);
    expect((await d.berth('certs:report', '--global', '--format', 'json')).stdout).toContain('"Ssl enabled": true');
  });
});
