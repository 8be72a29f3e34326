/**
 * Git and commands over SSH with the real OpenSSH client against the daemon.
 */
import ssh2 from 'ssh2';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { gitSshCommand, ssh, sshKeygen, type KeyPair } from '../helpers/ssh.js';

let d: TestDaemon;
let admin: KeyPair;
let limited: KeyPair;
let stranger: KeyPair;
let app: string;
let other: string;
let dir: string;

beforeAll(async () => {
  d = await startDaemon();
  [admin, limited, stranger] = await Promise.all([sshKeygen('ed25519'), sshKeygen('rsa'), sshKeygen('ecdsa')]);
  app = uniqueApp('ssh');
  other = uniqueApp('sshother');
  expect((await d.berthWithInput(admin.publicText, 'ssh-keys:add', 'admin', '-')).exitCode).toBe(0);
  expect((await d.berth('ssh-keys:add', 'ci', limited.public, '--apps', app)).exitCode).toBe(0);
  dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
});

afterAll(async () => {
  await d?.stop();
});

const sshEnv = (key: KeyPair) => ({ GIT_SSH_COMMAND: gitSshCommand(key.private, d.sshPort) });

describe('git over SSH', () => {
  test('a push deploys, with remote: output and the exit status passed through', async () => {
    const res = await gitWithEnv(sshEnv(admin), dir, 'push', `ssh://dokku@127.0.0.1:${d.sshPort}/${app}`, 'main');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('remote: -----> deploy done in');
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from static\n');
  });

  test.each([
    ['APP', (a: string) => `dokku@127.0.0.1:${a}`],
    ['APP.git', (a: string) => `dokku@127.0.0.1:${a}.git`],
    ['/APP', (a: string) => `ssh://git@127.0.0.1:PORT/${a}`],
    ['/APP.git', (a: string) => `ssh://berth@127.0.0.1:PORT/${a}.git`],
  ])('the path form %s reaches the app', async (_form, url) => {
    const target = url(app).replace('PORT', String(d.sshPort));
    const env = sshEnv(admin);
    const res = await gitWithEnv(env, dir, 'ls-remote', target, 'refs/heads/main');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout.split(/\s/)[0]).toBe((await git(dir, 'rev-parse', 'HEAD')).stdout.trim());
  });

  test('clone over SSH', async () => {
    const clone = join(await tmpHome(), 'clone');
    const res = await gitWithEnv(sshEnv(limited), await tmpHome(), 'clone', '-q', `ssh://dokku@127.0.0.1:${d.sshPort}/${app}.git`, clone);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(await readFile(join(clone, 'index.html'), 'utf8')).toBe('hello from static\n');
  });

  test('an unknown key is refused', async () => {
    const res = await ssh(stranger.private, d.sshPort, ['apps:list']);
    expect(res.exitCode).toBe(255);
    expect(res.stderr).toContain('Permission denied (publickey)');
    const push = await gitWithEnv(sshEnv(stranger), dir, 'push', `dokku@127.0.0.1:${app}`, 'main');
    expect(push.exitCode).not.toBe(0);
  });

  test('a client holding only the public key is refused (signatures are checked)', async () => {
    const pub = ssh2.utils.parseKey(admin.publicText) as ssh2.ParsedKey;
    const forged = Object.assign(Object.create(Object.getPrototypeOf(pub) as object) as ssh2.ParsedKey, pub, {
      isPrivateKey: () => true,
      sign: () => randomBytes(64),
    });
    const outcome = await new Promise<string>((resolve) => {
      const client = new ssh2.Client();
      client.on('ready', () => {
        client.end();
        resolve('accepted');
      });
      client.on('error', (err) => resolve(`refused: ${err.message}`));
      client.connect({ host: '127.0.0.1', port: d.sshPort, username: 'dokku', privateKey: undefined, authHandler: [{ type: 'publickey', username: 'dokku', key: forged } as never] });
    });
    expect(outcome).toMatch(/^refused/);
  });

  test('a limited key is refused on another app and on admin commands', async () => {
    const push = await gitWithEnv(sshEnv(limited), dir, 'push', `dokku@127.0.0.1:${other}`, 'main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toContain(`key ci may not use app ${other}`);
    const keys = await ssh(limited.private, d.sshPort, ['ssh-keys:list']);
    expect(keys.exitCode).toBe(1);
    expect(keys.stderr.trimEnd()).toBe(' !     key ci may not run ssh-keys:list: it is limited to ' + app);
    const list = await ssh(limited.private, d.sshPort, ['apps:list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([app]);
    const create = await ssh(limited.private, d.sshPort, ['apps:create', uniqueApp('nope')]);
    expect(create.exitCode).toBe(1);
    expect(d.logs()).toContain('"event":"access-denied"');
    expect(d.logs()).toContain('"principal":"ci"');
  });
});

describe('berth commands over SSH', () => {
  test('output and exit codes', async () => {
    const list = await ssh(admin.private, d.sshPort, ['apps:list']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain(app);
    const missing = await ssh(admin.private, d.sshPort, ['apps:exists', 'no-such-app']);
    expect(missing.exitCode).toBe(1);
    const unknown = await ssh(admin.private, d.sshPort, ['frobnicate']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("'frobnicate' is not a berth command");
  });

  test('shell metacharacters in arguments are literal text', async () => {
    const marker = join(await tmpHome(), 'pwned');
    const res = await ssh(admin.private, d.sshPort, [`apps:create "x;touch ${marker}" '$(touch ${marker})' \`touch ${marker}\``]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain(`App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens (got 'x;touch ${marker}')`);
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  test('global flags before the command, as Dokku allows', async () => {
    const doomed = uniqueApp('doomed');
    expect((await ssh(admin.private, d.sshPort, ['apps:create', doomed])).exitCode).toBe(0);
    const res = await ssh(admin.private, d.sshPort, ['--force', 'apps:destroy', doomed]);
    expect(res.exitCode, res.stderr).toBe(0);
    expect((await ssh(admin.private, d.sshPort, ['apps:exists', doomed])).exitCode).toBe(1);
    // --quiet drops headings and steps, keeps the data (Dokku's `dokku --quiet apps:list | xargs …`).
    const [quiet, plain] = [await ssh(admin.private, d.sshPort, ['--quiet', 'apps:list']), await ssh(admin.private, d.sshPort, ['apps:list'])];
    expect(plain.stdout).toContain('=====>');
    expect(quiet.stdout.trim().split('\n')).toEqual(plain.stdout.trim().split('\n').filter((l) => !l.startsWith('=====>')));
  });

  test('a shell request prints help and exits; no shell is given', async () => {
    const res = await ssh(admin.private, d.sshPort, [], ['-tt'], '');
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('no shell here');
  });

  test('ssh-keys:add takes a key on stdin over SSH and keys can be removed', async () => {
    const extra = await sshKeygen('ed25519');
    const add = await ssh(admin.private, d.sshPort, ['ssh-keys:add', 'extra', '-'], [], extra.publicText);
    expect(add.exitCode, add.stderr).toBe(0);
    expect((await ssh(extra.private, d.sshPort, ['apps:list'])).exitCode).toBe(0);
    expect((await d.berth('ssh-keys:remove', 'extra')).exitCode).toBe(0);
    expect((await ssh(extra.private, d.sshPort, ['apps:list'])).exitCode).toBe(255);
    const bad = await d.berthWithInput('command="x",no-pty ' + extra.publicText, 'ssh-keys:add', 'opts', '-');
    expect(bad.stderr.trimEnd()).toBe(' !     authorized_keys options (command=, no-pty, …) are not supported: give the bare public key');
  });

  test('the host key is kept across restarts', async () => {
    const keyFile = await readFile(join(d.home, 'ssh_host_ed25519_key.pub'), 'utf8');
    const { execa } = await import('execa');
    const scan = await execa('ssh-keyscan', ['-p', String(d.sshPort), '127.0.0.1'], { reject: false });
    expect(String(scan.stdout)).toContain(keyFile.trim().split(' ')[1]);
  });
});
