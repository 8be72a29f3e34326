/**
 * A pusher that vanishes mid-push: no half-updated ref, no container left
 * from its deploy, and the app's lock free for the next push.
 */
import { execa } from 'execa';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, gitWithEnv, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { gitSshCommand, sshKeygen } from '../helpers/ssh.js';

let d: TestDaemon;
let sshEnv: Record<string, string>;
const docker = new Docker();

beforeAll(async () => {
  d = await startDaemon();
  const key = await sshKeygen('ed25519');
  await d.berth('ssh-keys:add', 'dev', key.public);
  sshEnv = { GIT_SSH_COMMAND: gitSshCommand(key.private, d.sshPort) };
});

afterAll(async () => {
  await d?.stop();
});

/**
 * Pushes and kills the git client as soon as the build has started: the
 * whole process group, since git-remote-http or ssh would finish the push.
 */
async function pushAndKill(dir: string, url: string, env: Record<string, string>): Promise<void> {
  const child = execa('git', ['push', url, 'main'], { cwd: dir, reject: false, detached: true, env: { GIT_TERMINAL_PROMPT: '0', ...env } });
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('Step 2/')) resolve();
    });
    void child.then(() => resolve());
  });
  process.kill(-(child.pid as number), 'SIGKILL');
  await child;
  expect(seen).toContain('Step 2/');
}

async function untilDeployEnds(app: string): Promise<{ status: string; error: string | null }[]> {
  for (;;) {
    const res = await d.berth('deploys:list', app, '--format', 'json');
    const deploys = JSON.parse(res.stdout) as { status: string; error: string | null }[];
    if (deploys.length && deploys.every((x) => x.status !== 'running')) return deploys;
  }
}

describe.each([
  ['HTTP', 'http'],
  ['SSH', 'ssh'],
])('a client killed mid-push over %s', (_name, transport) => {
  test('leaves the server consistent and the lock free', async () => {
    const app = uniqueApp(`abort-${transport}`);
    const url = transport === 'http' ? d.gitUrl(app) : `ssh://dokku@127.0.0.1:${d.sshPort}/${app}`;
    const env = transport === 'http' ? {} : sshEnv;
    const dir = join(await tmpHome(), 'app');
    await copyFixtureApp('static', dir);
    await writeFile(join(dir, 'Dockerfile'), 'FROM berth-fixture/busybox:latest\nRUN sleep 3\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n');
    await git(dir, 'commit', '-qam', 'slow build');

    await pushAndKill(dir, url, env);
    const deploys = await untilDeployEnds(app);
    expect(deploys.map((x) => x.status)).toEqual(['failed']);
    expect((await gitWithEnv(env, dir, 'ls-remote', url, 'refs/heads/main')).stdout).toBe('');
    expect(await docker.listContainers({ 'berth.instance': d.instance, 'berth.app': app })).toEqual([]);

    const again = await gitWithEnv(env, dir, 'push', url, 'main');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('waiting for the deploy');
    expect((await get(d.routerPort, `${app}.localhost`)).body).toBe('hello from static\n');
  });
});
