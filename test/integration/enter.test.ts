/**
 * `enter APP` with a terminal and without: the real OpenSSH client (`ssh -tt`)
 * against berth's own SSH server, ssh2's client for window changes, and the
 * local CLI under a real pty (`script`). The port-22 bridge has its own cases
 * in sshd.test.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { enterResizing, ssh, sshKeygen, sshTyping, type KeyPair } from '../helpers/ssh.js';
import { typeInto } from '../helpers/typing.js';

let d: TestDaemon;
let admin: KeyPair;
let limited: KeyPair;
let app: string;
let other: string;

beforeAll(async () => {
  d = await startDaemon();
  [admin, limited] = await Promise.all([sshKeygen('ed25519'), sshKeygen('ed25519')]);
  app = uniqueApp('enter');
  other = uniqueApp('enterother');
  expect((await d.berth('ssh-keys:add', 'admin', admin.public)).exitCode).toBe(0);
  expect((await d.berth('ssh-keys:add', 'ci', limited.public, '--apps', other)).exitCode).toBe(0);
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  const push = await git(dir, 'push', d.gitUrl(app), 'main');
  expect(push.exitCode, push.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await d?.stop();
});

/** A line of output that is exactly `text` (a terminal ends lines with \r\n). */
const lineOf = (text: string) => new RegExp(`^${text}\\r?$`, 'm');

describe('enter over SSH', () => {
  test('ssh -tt enter APP opens a shell with a terminal; what is typed runs; its exit code comes back', { timeout: 60_000 }, async () => {
    const res = await sshTyping(admin.private, d.sshPort, ['enter', app], 'tty; echo $((6*7)); exit 3\n');
    expect(res.stdout, res.stderr).toMatch(lineOf('42'));
    expect(res.stdout).toMatch(lineOf('/dev/pts/\\d+'));
    expect(res.exitCode).toBe(3);
  });

  test('without a terminal, stdin passes through to CMD, or to the shell', async () => {
    const cat = await ssh(admin.private, d.sshPort, ['enter', app, 'cat'], [], 'hi\n');
    expect(cat).toEqual({ exitCode: 0, stdout: 'hi', stderr: '' });
    const shell = await ssh(admin.private, d.sshPort, ['enter', app], [], 'tty; echo $((6*7)); exit 4\n');
    expect(shell).toEqual({ exitCode: 4, stdout: 'not a tty\n42', stderr: '' });
    const named = await ssh(admin.private, d.sshPort, ['enter', app, 'web.1', 'sh', '-c', "'exit 5'"]);
    expect(named.exitCode).toBe(5);
  });

  test('the terminal gets the client\'s size, TERM and window changes', { timeout: 60_000 }, async () => {
    const seen = await enterResizing(admin.private, d.sshPort, app);
    expect(seen).toMatch(lineOf('30 100'));
    expect(seen).toMatch(lineOf('40 120'));
    expect(seen).toMatch(lineOf('vt100'));
  });

  test('a limited key enters only its own apps', async () => {
    const res = await ssh(limited.private, d.sshPort, ['enter', app, 'true']);
    expect(res.exitCode).toBe(1);
    expect(res.stderr.trimEnd()).toBe(` !     key ci may not use app ${app}`);
    const typed = await sshTyping(limited.private, d.sshPort, ['enter', app], 'exit 0\n');
    expect(typed.exitCode).toBe(1);
    expect(typed.stderr.trimEnd()).toBe(` !     key ci may not use app ${app}`);
  });
});

describe('enter from the local CLI', () => {
  test('on a terminal: a shell with a TTY, the exit code back, and the terminal restored after', { timeout: 60_000 }, async () => {
    // `script` gives the CLI a real pty; `stty -g` before and after shows the raw mode undone.
    const inner = `stty -g; node ${CLI} enter ${app}; code=$?; stty -g; exit $code`;
    const res = await typeInto('script', ['-qec', inner, '/dev/null'], 'tty; echo $((6*7)); exit 3\n', { BERTH_HOME: d.home });
    expect(res.stdout, res.stderr).toMatch(lineOf('42'));
    expect(res.stdout).toMatch(lineOf('/dev/pts/\\d+'));
    expect(res.exitCode).toBe(3);
    const modes = res.stdout.split(/\r?\n/).filter((l) => /^[0-9a-f]+(:[0-9a-f]+){10,}$/.test(l));
    expect(modes).toHaveLength(2);
    expect(modes[1]).toBe(modes[0]);
  });

  test('piped: stdin reaches CMD and the exit code comes back', async () => {
    expect(await d.berthWithInput('hi\n', 'enter', app, 'cat')).toEqual({ exitCode: 0, stdout: 'hi', stderr: '' });
    expect((await d.berthWithInput('', 'enter', app, 'sh', '-c', 'exit 6')).exitCode).toBe(6);
  });
});
