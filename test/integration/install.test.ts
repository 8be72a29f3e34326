/**
 * scripts/install.sh into temporary paths: the unit passes systemd-analyze
 * verify, the daemon runs exactly as the unit runs it, a push deploys and the
 * app serves through the router; a second run keeps the edited settings.
 */
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Docker } from '../../src/docker.js';
import { cleanupEngine, tmpHome } from '../helpers/engine.js';
import { copyFixtureApp, git, uniqueApp } from '../helpers/git.js';
import { get } from '../helpers/http.js';
import { repoRoot } from '../helpers/root.js';
import { freePort } from '../helpers/sshd.js';

let root: string;
let daemon: ResultPromise | undefined;
let instance: string | undefined;
const p = (name: string) => join(root, name);

async function install(ports: number[]) {
  const [router, tls, http, ssh] = ports.map(String) as [string, string, string, string];
  return execa('bash', [
    join(repoRoot(), 'scripts', 'install.sh'), '--prefix', p('opt/berth'), '--etc', p('etc/default/berth'), '--data', p('var/lib/berth'),
    '--bin-dir', p('bin'), '--unit-dir', p('systemd'), '--no-systemd', '--no-packages', '--no-build',
    '--domain', 'install.localhost', '--bind', '127.0.0.1', '--router-port', router, '--router-tls-port', tls, '--http-port', http, '--ssh-port', ssh,
  ], { reject: false, timeout: 240_000 });
}

const berth = (...args: string[]) => execa(p('bin/berth'), args, { reject: false, env: {}, extendEnv: false, stdin: 'ignore' });

beforeAll(async () => {
  root = await tmpHome();
});

afterAll(async () => {
  // The router outlives the daemon (ROUTER-CONTRACT.md): stop it while the daemon still answers.
  if (daemon) await berth('haproxy:stop');
  daemon?.kill('SIGTERM');
  if (daemon) await Promise.race([daemon, new Promise((r) => setTimeout(r, 15_000))]);
  daemon?.kill('SIGKILL');
  if (instance) await cleanupEngine(new Docker(), instance);
  await rm(root, { recursive: true, force: true });
});

test('install, verify the unit, run it as systemd would, push, upgrade', async () => {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const first = await install(ports);
  expect(first.exitCode, first.stderr).toBe(0);
  expect(first.stdout).toContain('systemd is not running here; start the daemon with:');
  const unitFile = p('systemd/berth.service');
  const verify = await execa('systemd-analyze', ['verify', '--man=no', unitFile], { reject: false });
  expect(verify.exitCode, verify.stderr).toBe(0);

  // Settings survive an upgrade once edited.
  await appendFile(p('etc/default/berth'), '# edited by hand\n');
  const edited = await readFile(p('etc/default/berth'), 'utf8');
  const again = await install(ports.map(() => 1));
  expect(again.exitCode, again.stderr).toBe(0);
  expect(await readFile(p('etc/default/berth'), 'utf8')).toBe(edited);

  const unit = await readFile(unitFile, 'utf8');
  const exec = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(' ') ?? [];
  const envFile = /^EnvironmentFile=(.*)$/m.exec(unit)?.[1] ?? '';
  expect(envFile).toBe(p('etc/default/berth'));
  const env = Object.fromEntries(
    (await readFile(envFile, 'utf8')).split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(env).toMatchObject({ BERTH_HOME: p('var/lib/berth'), BERTH_BIND: '127.0.0.1', BERTH_DOMAIN: 'install.localhost' });
  daemon = execa(exec[0] as string, exec.slice(1), { env, extendEnv: false, reject: false, buffer: false, stdin: 'ignore' });
  let log = '';
  daemon.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 30_000;
  // Ready once it answers commands and has written daemon.json (its last step).
  while ((await berth('version')).exitCode !== 0 || !existsSync(p('var/lib/berth/daemon.json'))) {
    if (Date.now() > deadline) throw new Error(`the installed daemon did not answer: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  instance = (JSON.parse(await readFile(p('var/lib/berth/daemon.json'), 'utf8')) as { instance: string }).instance;

  const token = (await berth('tokens:create', 'installtest')).stdout.trim();
  const app = uniqueApp('inst');
  const dir = join(root, 'app');
  await copyFixtureApp('static', dir);
  const push = await git(dir, 'push', `http://berth:${token}@127.0.0.1:${ports[2]}/${app}.git`, 'main');
  expect(push.exitCode, `${push.stderr}\n${log}`).toBe(0);
  const page = await get(ports[0] as number, `${app}.install.localhost`);
  expect(page.body).toBe('hello from static\n');
}, 300_000);
