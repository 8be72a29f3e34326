/**
 * Mirror pushes (`git push --mirror`, as GitLab and Gitea mirroring do) over
 * HTTP with a token and over SSH: every ref lands, only the deploy branch
 * deploys, and deleting the deploy branch is refused for that ref alone.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { gitSshCommand, sshKeygen } from '../helpers/ssh.js';

let d: TestDaemon;
let token: string;
let sshEnv: Record<string, string>;

beforeAll(async () => {
  d = await startDaemon([], { insecureHttp: false });
  token = (await d.berth('tokens:create', 'gitlab-mirror')).stdout.trim();
  const key = await sshKeygen('ed25519');
  await d.berth('ssh-keys:add', 'gitea-mirror', key.public);
  sshEnv = { GIT_SSH_COMMAND: gitSshCommand(key.private, d.sshPort) };
});

afterAll(async () => {
  await d?.stop();
});

async function refs(dir: string, env: Record<string, string>, url: string): Promise<Record<string, string>> {
  const res = await gitWithEnv(env, dir, 'ls-remote', url);
  return Object.fromEntries(res.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('\t').reverse() as [string, string]));
}

async function localRefs(dir: string): Promise<Record<string, string>> {
  const res = await git(dir, 'for-each-ref', '--format=%(refname)\t%(objectname)');
  return Object.fromEntries(res.stdout.trim().split('\n').map((l) => l.split('\t') as [string, string]));
}

describe.each([
  ['HTTPS with a token', 'http'],
  ['SSH', 'ssh'],
])('git push --mirror over %s', (_name, transport) => {
  test('every ref lands, main deploys, deletions and forced updates apply, deleting main is refused alone', async () => {
    const app = uniqueApp(`mirror-${transport}`);
    const url = transport === 'http' ? `http://gitlab:${token}@127.0.0.1:${d.httpPort}/${app}.git` : `ssh://git@127.0.0.1:${d.sshPort}/${app}.git`;
    const env = transport === 'http' ? {} : sshEnv;
    const dir = join(await tmpHome(), 'src');
    await copyFixtureApp('static', dir);
    for (const b of ['feature-a', 'feature-b', 'feature-c']) await git(dir, 'branch', b);
    await git(dir, 'tag', 'v1');
    await git(dir, 'tag', '-a', 'v2', '-m', 'annotated');
    await git(dir, 'notes', 'add', '-m', 'a note');

    const first = await gitWithEnv(env, dir, 'push', '--mirror', url);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('remote: -----> deploy done in');
    expect(first.stderr).toContain('remote: -----> feature-a: stored, not deployed');
    expect(await refs(dir, env, url)).toMatchObject(await localRefs(dir));

    // Rewrite a branch, delete one, add a commit on main.
    await git(dir, 'checkout', '-q', 'feature-a');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'rewritten');
    await git(dir, 'checkout', '-q', 'main');
    await git(dir, 'branch', '-D', 'feature-c');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'main moves');
    const second = await gitWithEnv(env, dir, 'push', '--mirror', '--force', url);
    expect(second.exitCode, second.stderr).toBe(0);
    const after = await refs(dir, env, url);
    expect(after['refs/heads/feature-c']).toBeUndefined();
    expect(after).toMatchObject(await localRefs(dir));

    // Deleting main is refused; the rest of the push lands.
    const served = (await git(dir, 'rev-parse', 'main')).stdout.trim();
    await git(dir, 'checkout', '-q', 'feature-b');
    await git(dir, 'branch', '-D', 'main');
    await git(dir, 'tag', 'v3');
    const third = await gitWithEnv(env, dir, 'push', '--mirror', url);
    expect(third.exitCode).not.toBe(0);
    expect(third.stderr).toContain('deleting the deploy branch main is not allowed; the other refs of this push are kept');
    expect(third.stderr).toMatch(/! \[remote rejected\] +main \(hook declined\)/);
    const last = await refs(dir, env, url);
    expect(last['refs/heads/main']).toBe(served);
    expect(last['refs/tags/v3']).toBeDefined();
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from static\n');
  });
});
