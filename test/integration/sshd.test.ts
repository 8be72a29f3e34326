/**
 * Port 22 through OpenSSH: a private Debian sshd configured with the lines
 * `berth sshd:config` prints, the real ssh and git clients, `dokku@HOST:APP`.
 */
import { chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { enterResizing, gitSshCommand, ssh, sshKeygen, sshTyping, type KeyPair } from '../helpers/ssh.js';
import { ensureSystemUser, removeSystemUser, startSshd, type TestSshd } from '../helpers/sshd.js';

const USER = 'dokku';
let d: TestDaemon | undefined;
let sshd: TestSshd | undefined;
let madeUser = false;
let admin: KeyPair;
let limited: KeyPair;
let stranger: KeyPair;
let app: string;
let other: string;
let dir: string;
const restoreModes: (() => Promise<void>)[] = [];

// sshd runs the forced command as the ssh user, so that user must reach this
// clone's build. A clone in a `mktemp -d` folder (0700, as CI may make it) is
// not traversable: open each such ancestor for search only, and restore it.
async function traversableTo(file: string): Promise<void> {
  for (let path = dirname(file); path !== dirname(path); path = dirname(path)) {
    const mode = (await stat(path)).mode & 0o7777;
    if (mode & 0o001) continue;
    await chmod(path, mode | 0o001);
    restoreModes.push(() => chmod(path, mode));
  }
}

beforeAll(async () => {
  madeUser = await ensureSystemUser(USER);
  await traversableTo(CLI);
  // The bridge socket's directory is made by the daemon (0750, group dokku); its parent must be traversable.
  const run = await tmpHome();
  await chmod(run, 0o711);
  d = await startDaemon(['--sshd-user', USER, '--sshd-socket', join(run, 'berth', 'sshd.sock')]);
  const config = await d.berth('sshd:config');
  expect(config.exitCode, config.stderr).toBe(0);
  expect(config.stdout).toContain(`Match User ${USER}`);
  sshd = await startSshd(config.stdout);
  [admin, limited, stranger] = await Promise.all([sshKeygen('ed25519'), sshKeygen('rsa'), sshKeygen('ecdsa')]);
  app = uniqueApp('sshd');
  other = uniqueApp('sshdother');
  expect((await d.berthWithInput(admin.publicText, 'ssh-keys:add', 'admin', '-')).exitCode).toBe(0);
  expect((await d.berth('ssh-keys:add', 'ci', limited.public, '--apps', app)).exitCode).toBe(0);
  expect((await d.berth('apps:create', other)).exitCode).toBe(0);
  dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
  await d?.stop();
  if (madeUser) await removeSystemUser(USER);
  for (const restore of restoreModes.reverse()) await restore();
});

const env = (key: KeyPair) => ({ GIT_SSH_COMMAND: gitSshCommand(key.private, sshd!.port) });

describe('git and commands as dokku@HOST through OpenSSH', () => {
  test('git push dokku@HOST:APP main deploys; the app serves through the router', async () => {
    const res = await gitWithEnv(env(admin), dir, 'push', `${USER}@127.0.0.1:${app}`, 'main');
    expect(res.exitCode, `${res.stderr}\n${sshd!.log()}`).toBe(0);
    expect(res.stderr).toContain('remote: -----> deploy done in');
    expect((await get(d!.routerPort, `${app}.localhost`)).body).toBe('hello from static\n');
  });

  test('fetch (git-upload-pack) passes the pack through', async () => {
    const res = await gitWithEnv(env(limited), dir, 'ls-remote', `${USER}@127.0.0.1:${app}`, 'refs/heads/main');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout.split(/\s/)[0]).toBe((await git(dir, 'rev-parse', 'HEAD')).stdout.trim());
  });

  test('commands: output and exit codes pass through', async () => {
    const list = await ssh(admin.private, sshd!.port, ['apps:list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain(app);
    const missing = await ssh(admin.private, sshd!.port, ['apps:exists', 'no-such-app']);
    expect(missing.exitCode).toBe(1);
    expect(d!.logs()).toContain('"event":"sshd-session"');
  });

  test('an unknown key is refused by sshd', async () => {
    const res = await ssh(stranger.private, sshd!.port, ['apps:list']);
    expect(res.exitCode).toBe(255);
    expect(res.stderr).toContain('Permission denied (publickey)');
  });

  test('a limited key is limited to its app', async () => {
    const push = await gitWithEnv(env(limited), dir, 'push', `${USER}@127.0.0.1:${other}`, 'main');
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toContain(`key ci may not use app ${other}`);
    const show = await ssh(limited.private, sshd!.port, ['config:show', other]);
    expect(show.exitCode).toBe(1);
    expect(show.stderr.trimEnd()).toBe(` !     key ci may not use app ${other}`);
    const list = await ssh(limited.private, sshd!.port, ['apps:list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([app]);
  });

  test('no forwarding', async () => {
    const res = await ssh(admin.private, sshd!.port, ['apps:list'], ['-L', '0:127.0.0.1:22', '-o', 'ExitOnForwardFailure=yes']);
    expect(res.exitCode).toBe(255);
  });

  test('ssh -tt enter APP: a shell on a terminal through sshd; what is typed runs; its exit code comes back', { timeout: 60_000 }, async () => {
    const res = await sshTyping(admin.private, sshd!.port, ['enter', app], 'tty; echo $((6*7)); exit 3\n');
    expect(res.stdout, `${res.stderr}\n${sshd!.log()}`).toMatch(/^42\r?$/m);
    expect(res.stdout).toMatch(/^\/dev\/pts\/\d+\r?$/m);
    expect(res.exitCode).toBe(3);
  });

  test('the terminal through sshd gets the client\'s size, TERM and window changes', { timeout: 60_000 }, async () => {
    const seen = await enterResizing(admin.private, sshd!.port, app);
    expect(seen).toMatch(/^30 100\r?$/m);
    expect(seen).toMatch(/^40 120\r?$/m);
    expect(seen).toMatch(/^vt100\r?$/m);
  });

  test('enter without a terminal: stdin passes through, the exit code comes back; a limited key enters only its app', async () => {
    expect(await ssh(admin.private, sshd!.port, ['enter', app, 'cat'], [], 'hi\n')).toEqual({ exitCode: 0, stdout: 'hi', stderr: '' });
    expect((await ssh(admin.private, sshd!.port, ['enter', app, 'sh', '-c', "'exit 5'"])).exitCode).toBe(5);
    expect(await ssh(limited.private, sshd!.port, ['enter', app, 'cat'], [], 'hi\n')).toEqual({ exitCode: 0, stdout: 'hi', stderr: '' });
    const refused = await ssh(limited.private, sshd!.port, ['enter', other, 'true']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trimEnd()).toBe(` !     key ci may not use app ${other}`);
  });
});
