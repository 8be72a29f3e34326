/**
 * Dokku's command language, locally and over SSH, as people and CI use it:
 * apps, config, domains, git, logs, releases and rollback.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { commitFiles, nodeApp } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';
import { gitSshCommand, ssh, sshKeygen, type KeyPair } from '../helpers/ssh.js';

let d: TestDaemon;
let key: KeyPair;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon(['--drain-timeout', '5']);
  key = await sshKeygen('ed25519');
  expect((await d.berth('ssh-keys:add', 'ci', key.public)).exitCode).toBe(0);
});

afterAll(async () => {
  await d?.stop();
});

const remote = (...args: string[]) => ssh(key.private, d.sshPort, args);
const served = async (app: string, path = '/', host = `${app}.localhost`) => (await get(d.routerPort, host, path)).body;
const push = (dir: string, app: string, refspec = 'main') => git(dir, 'push', d.gitUrl(app), refspec);

async function staticApp(text: string): Promise<string> {
  const dir = join(await tmpHome(), 'app');
  await copyFixtureApp('static', dir);
  return commitFiles(dir, { 'index.html': `${text}\n` }, text);
}

describe("the GitHub Action's sequence over SSH", () => {
  test('review app clone, push of a sha to master, forced destroy, unlock, git:from-image', async () => {
    const app = uniqueApp('gha');
    const review = uniqueApp('gha-review');
    const dir = await staticApp('production');
    expect((await push(dir, app)).exitCode).toBe(0);
    expect((await remote('config:set', '--no-restart', app, 'FOO=bar')).exitCode).toBe(0);

    const clone = await remote('apps:clone', '--skip-deploy', '--ignore-existing', app, review);
    expect(clone.exitCode, clone.stderr).toBe(0);
    expect((await remote('apps:clone', '--skip-deploy', '--ignore-existing', app, review)).exitCode).toBe(0);
    expect((await remote('config:get', review, 'FOO')).stdout.trim()).toBe('bar');
    await commitFiles(dir, { 'index.html': 'review\n' }, 'review change');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
    const env = { GIT_SSH_COMMAND: gitSshCommand(key.private, d.sshPort) };
    const pushed = await gitWithEnv(env, dir, 'push', `ssh://dokku@127.0.0.1:${d.sshPort}/${review}`, `${sha}:refs/heads/master`);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect(await served(review)).toBe('review\n');
    expect(await served(app)).toBe('production\n');

    const destroyed = await remote('--force', 'apps:destroy', review);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect((await remote('apps:exists', review)).exitCode).toBe(1);
    const noTty = await remote('apps:destroy', app);
    expect(noTty.exitCode).toBe(1);
    expect(noTty.stderr).toContain('with no terminal to confirm on, run again with --force');

    expect((await remote('apps:lock', app)).exitCode).toBe(0);
    const locked = await push(await staticApp('while locked'), app, '+main');
    expect(locked.exitCode).not.toBe(0);
    expect(locked.stderr).toContain(`app ${app} is locked; run apps:unlock ${app} to deploy`);
    // A deploy started by a command shows its error once, with exit code 1.
    const restart = await remote('ps:restart', app);
    expect(restart.exitCode, restart.stderr + restart.stdout).toBe(1);
    expect(restart.stderr.split(`app ${app} is locked`).length - 1).toBe(1);
    expect(restart.stdout).not.toContain(`app ${app} is locked`);
    expect((await remote('apps:unlock', app)).exitCode).toBe(0);

    const image = `berth-test/prebuilt:${app}`;
    await docker.build(await imageContext('prebuilt\n'), { tag: image, labels: { 'berth.instance': d.instance } }, () => undefined);
    const fromImage = await remote('git:from-image', app, image, "'CI Bot'", 'ci@example.com');
    expect(fromImage.exitCode, fromImage.stderr).toBe(0);
    expect(fromImage.stdout).toContain('using image');
    expect(await served(app)).toBe('prebuilt\n');
    const log = await git(d.home, '--git-dir', join(d.home, 'repos', `${app}.git`), 'log', '-1', '--format=%an <%ae> %s', 'main');
    expect(log.stdout.trim()).toBe(`CI Bot <ci@example.com> Deploy image ${image}`);
    await docker.removeImage(image, true);
  });
});

describe('config', () => {
  test('values with spaces, quotes, = and newlines; a change restarts with no failed request', async () => {
    const app = uniqueApp('config');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const local = await d.berth('config:set', '--no-restart', app, 'SPACES=a b  c', `QUOTES=it's "quoted"`, 'EQUALS=x=y=z', 'LINES=one\ntwo');
    expect(local.exitCode, local.stderr).toBe(0);
    const encoded = await remote('config:set', '--no-restart', '--encoded', app, `B64=${Buffer.from('décodé').toString('base64')}`);
    expect(encoded.exitCode, encoded.stderr).toBe(0);
    const overSsh = await remote('config:set', '--no-restart', app, `'SSH=semi;colon $(id)'`);
    expect(overSsh.exitCode, overSsh.stderr).toBe(0);
    const json = JSON.parse((await d.berth('config:export', '--format', 'json', app)).stdout) as Record<string, string>;
    expect(json).toEqual({ SPACES: 'a b  c', QUOTES: `it's "quoted"`, EQUALS: 'x=y=z', LINES: 'one\ntwo', B64: 'décodé', SSH: 'semi;colon $(id)' });
    const shell = (await d.berth('config:export', app)).stdout;
    const roundTrip = await execa('sh', ['-c', `${shell}\nprintf '%s' "$QUOTES|$LINES"`]);
    expect(roundTrip.stdout).toBe(`it's "quoted"|one\ntwo`);
    expect((await remote('config:get', app, 'EQUALS')).stdout.trim()).toBe('x=y=z');
    expect((await d.berth('config:get', app, 'NOPE')).exitCode).toBe(1);
    expect((await d.berth('config:keys', app)).stdout.split('\n').filter(Boolean).sort()).toEqual(['B64', 'EQUALS', 'LINES', 'QUOTES', 'SPACES', 'SSH']);
    expect((await d.berth('config:set', app, 'bad-key=1')).stderr).toContain("invalid config key 'bad-key'");

    let done!: () => void;
    const loop = requestLoop(d.routerPort, `${app}.localhost`, new Promise<void>((r) => (done = r)));
    const set = await d.berth('config:set', app, 'GREETING=hello world');
    done();
    expect(set.exitCode, set.stderr).toBe(0);
    expect((await loop).failures).toEqual([]);
    const env = JSON.parse(await served(app, '/env')) as Record<string, string>;
    expect(env.GREETING).toBe('hello world');
    expect(env.LINES).toBe('one\ntwo');
    expect(set.stdout).not.toContain('hello world');
    expect((await d.berth('ps:report', app)).stdout).not.toContain('hello world');

    expect((await d.berth('config:set', '--global', '--no-restart', 'SHARED=1')).exitCode).toBe(0);
    expect((await d.berth('config:unset', app, 'GREETING')).exitCode).toBe(0);
    const after = JSON.parse(await served(app, '/env')) as Record<string, string>;
    expect(after.GREETING).toBeUndefined();
    expect(after.SHARED).toBe('1');
    expect((await d.berth('config:clear', '--global', '--no-restart')).exitCode).toBe(0);
    const limited = await sshKeygen('ed25519');
    await d.berth('ssh-keys:add', 'limited', limited.public, '--apps', app);
    const global = await ssh(limited.private, d.sshPort, ['config:set', '--global', 'X=1']);
    expect(global.stderr).toContain('may not run config:set --global');
  });
});

describe('domains', () => {
  test('the router serves every domain of an app; invalid and duplicate domains are refused', async () => {
    const app = uniqueApp('domains');
    const other = uniqueApp('domains2');
    expect((await push(await staticApp('domains'), app)).exitCode).toBe(0);
    expect((await d.berth('apps:create', other)).exitCode).toBe(0);
    expect((await remote('domains:add', app, 'www.example.test', 'Example.test')).exitCode).toBe(0);
    expect(await served(app, '/', 'www.example.test')).toBe('domains\n');
    expect(await served(app, '/', 'example.test:8000')).toBe('domains\n');
    expect(await served(app)).toBe('domains\n');
    expect((await d.berth('domains:add', other, 'www.example.test')).stderr).toContain(`www.example.test is already a domain of app ${app}`);
    expect((await d.berth('domains:add', app, 'not_a domain')).stderr).toContain("invalid domain 'not_a domain'");
    // As Dokku: adding a domain the app has is a no-op, not an error.
    expect((await d.berth('domains:add', app, 'www.example.test')).exitCode).toBe(0);
    const report = JSON.parse((await d.berth('domains:report', app, '--format', 'json')).stdout) as Record<string, string>;
    expect(report['domains-app-vhosts']).toBe(`${app}.localhost example.test www.example.test`);
    expect(report['app-vhosts']).toBe(report['domains-app-vhosts']);
    expect((await d.berth('domains:report', app, '--domains-app-vhosts')).stdout).toBe(`${app}.localhost example.test www.example.test`);
    expect((await d.berth('domains:remove', app, 'www.example.test')).exitCode).toBe(0);
    expect((await get(d.routerPort, 'www.example.test')).status).toBe(404);
    expect((await d.berth('domains:set-global', 'apps.test')).exitCode).toBe(0);
    expect(await served(app, '/', `${app}.apps.test`)).toBe('domains\n');
    expect((await get(d.routerPort, `${app}.localhost`)).status).toBe(404);
    expect((await d.berth('domains:set-global', 'localhost')).exitCode).toBe(0);
    expect(await served(app)).toBe('domains\n');
  });
});

describe('git', () => {
  test('a deploy branch of its own; git:sync from a local bare repo with --build', async () => {
    const app = uniqueApp('branch');
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    expect((await remote('git:set', app, 'deploy-branch', 'production')).exitCode).toBe(0);
    const dir = await staticApp('from production');
    const toMain = await push(dir, app, 'main');
    expect(toMain.stderr).toContain('main: stored, not deployed (pushes to production deploy)');
    expect((await push(dir, app, 'main:production')).exitCode).toBe(0);
    expect(await served(app)).toBe('from production\n');

    const upstream = join(await tmpHome(), 'upstream.git');
    await git(dir, 'init', '-q', '--bare', upstream);
    await commitFiles(dir, { 'index.html': 'synced\n' }, 'synced');
    await git(dir, 'push', '-q', upstream, 'main');
    const sync = await d.berth('git:sync', app, upstream, 'main', '--build');
    expect(sync.exitCode, sync.stderr).toBe(0);
    expect(await served(app)).toBe('synced\n');
    const ref = await git(dir, 'ls-remote', d.gitUrl(app), 'refs/heads/production');
    expect(ref.stdout.split('\t')[0]).toBe((await git(dir, 'rev-parse', 'HEAD')).stdout.trim());
    expect((await d.berth('git:report', app, '--format', 'json')).stdout).toContain('"production"');

    // Nothing a caller passes becomes an option to git, and berth's own repos are off limits.
    const marker = join(await tmpHome(), 'pwned');
    const injected = await d.berth('git:sync', app, '--', `--upload-pack=touch ${marker}`, 'a/b');
    expect(injected.exitCode).toBe(1);
    expect(injected.stderr).toContain('not a valid repository URL');
    await expect(import('node:fs/promises').then((fs) => fs.stat(marker))).rejects.toThrow(/ENOENT/);
    const other = await d.berth('git:sync', app, join(d.home, 'repos', `${app}.git`));
    expect(other.stderr).toContain("the repository is inside berth's own home; use apps:clone");
    const limited = await sshKeygen('ed25519');
    await d.berth('ssh-keys:add', 'limited-git', limited.public, '--apps', app);
    const download = await ssh(limited.private, d.sshPort, ['git:from-archive', app, 'http://127.0.0.1:1/x.tar']);
    expect(download.stderr).toContain('may not make berth download archives');
  });

  test('git:from-archive deploys a tar.gz from stdin', async () => {
    const app = uniqueApp('archive');
    expect((await d.berth('apps:create', app)).exitCode).toBe(0);
    const archive = gzipSync(await tarOf({
      'site-main/Dockerfile': 'FROM berth-fixture/busybox:latest\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n',
      'site-main/index.html': 'from an archive\n',
    }));
    const res = await execa('node', [join(import.meta.dirname, '../../dist/src/cli.js'), 'git:from-archive', app, '-'], { input: archive, env: { BERTH_HOME: d.home }, reject: false });
    expect(res.exitCode, String(res.stderr)).toBe(0);
    expect(await served(app)).toBe('from an archive\n');
  });
});

describe('releases', () => {
  test('rollback serves the old version without a build and with no failed request', async () => {
    const app = uniqueApp('rollback');
    const dir = await staticApp('one');
    expect((await push(dir, app)).exitCode).toBe(0);
    // busybox httpd ignores SIGTERM as PID 1: let retirement kill it quickly.
    expect((await d.berth('ps:set', app, 'stop-timeout-seconds', '1')).exitCode).toBe(0);
    await commitFiles(dir, { 'index.html': 'two\n' }, 'two');
    expect((await push(dir, app)).exitCode).toBe(0);
    let done!: () => void;
    const loop = requestLoop(d.routerPort, `${app}.localhost`, new Promise<void>((r) => (done = r)));
    const t0 = Date.now();
    const back = await remote('releases:rollback', app);
    done();
    expect(back.exitCode, back.stderr).toBe(0);
    expect(back.stdout).toContain('no build');
    expect(back.stdout).not.toContain('Step 1/');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect((await loop).failures).toEqual([]);
    expect(await served(app)).toBe('one\n');
    const releases = JSON.parse((await d.berth('releases', app, '--format', 'json')).stdout) as { id: number; release: number; trigger: string; image: string }[];
    expect(releases.map((r) => r.release)).toEqual([1, 2, 3]);
    expect(releases[2]?.trigger).toBe('rollback to v1');
    const info = await d.berth('releases:info', app, '2');
    expect(info.stdout).toContain('release v2');
    expect(info.stdout).toContain('Step 1/');
    expect(releases[2]?.image).toBe(releases[0]?.image);
    // Release 2's containers retire once drained; an image in use is never removed.
    while ((await docker.listContainers({ 'berth.instance': d.instance, 'berth.deploy': String(releases[1]?.id) })).length);
    expect((await d.berth('releases:set', app, 'keep', '1')).exitCode).toBe(0);
    const images = await docker.listImages({ 'berth.instance': d.instance, 'berth.app': app });
    expect(images.flatMap((i) => i.tags)).toEqual([releases[0]?.image]);
    expect((await d.berth('releases:rollback', app, '2')).stderr).toContain('the image of release v2 is gone');
  });
});

describe('logs and reports', () => {
  test('logs, logs -t until the client leaves, logs:failed, apps:report, unknown commands', async () => {
    const app = uniqueApp('logs');
    expect((await push(await nodeApp(), app)).exitCode).toBe(0);
    const res = await d.berth('logs', app, '-n', '5');
    expect(res.exitCode, res.stderr).toBe(0);
    const follow = execa('ssh', [...sshArgs(), 'logs', app, '-t', '-q'], { reject: false, buffer: false });
    const seen = await new Promise<string>((resolve) => {
      let text = '';
      follow.stdout?.on('data', (c: Buffer) => {
        text += c.toString();
        if (text.includes('marker-from-run')) resolve(text);
      });
      void fetchMarker(app);
    });
    expect(seen).toContain('marker-from-run');
    follow.kill('SIGTERM');
    await follow;
    const broken = await nodeApp({ Dockerfile: 'FROM berth-fixture/busybox:latest\nRUN echo broken-build && false\n' });
    expect((await push(broken, app, '+main')).exitCode).not.toBe(0);
    expect((await d.berth('logs:failed', app)).stdout).toContain('broken-build');
    const report = JSON.parse((await remote('apps:report', app, '--format', 'json')).stdout) as Record<string, string>;
    expect(report).toMatchObject({ locked: 'false', 'app-locked': 'false', 'deploy-source': 'git' });
    expect((await remote('--app', app, 'url')).stdout.trim()).toBe(`http://${app}.localhost:${d.routerPort}`);
    const unknown = await d.berth('apps:frobnicate');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("'apps:frobnicate' is not a berth command");
    const usage = await d.berth('apps:rename', app);
    expect(usage.stderr).toContain('usage: berth apps:rename OLD NEW');
    const renamed = uniqueApp('renamed');
    const rename = await d.berth('apps:rename', app, renamed);
    expect(rename.exitCode, rename.stderr).toBe(0);
    expect(await served(renamed)).toBe('hello from node v1\n');
    expect((await get(d.routerPort, `${app}.localhost`)).status).toBe(404);
    expect(await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app })).toEqual([]);
  });
});

function sshArgs(): string[] {
  return ['-i', key.private, '-p', String(d.sshPort), '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null', '--', 'dokku@127.0.0.1'];
}

/** Makes the app write a marker to its log: the node fixture logs every request path. */
async function fetchMarker(app: string): Promise<void> {
  for (let i = 0; i < 50; i++) await get(d.routerPort, `${app}.localhost`, '/exists?path=/marker-from-run').catch(() => undefined);
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function imageContext(text: string) {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, 'FROM berth-fixture/busybox:latest\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n');
  pack.entry({ name: 'index.html' }, text);
  pack.finalize();
  return pack;
}
