/**
 * The swarm scheduler on a three-node lab (scripts/swarm-lab.sh): berth
 * serves with DOCKER_HOST at the manager and the lab's registry; a push
 * deploys web=3 over the nodes with its release task run as a job; a second
 * push and a rollback switch under a request loop with no failed request; a
 * failing release task rejects the push; a node's engine stopped leaves the
 * app serving and its replica running again elsewhere. The lab and the daemon
 * are always taken down. Serial: it starts three engines.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commitFiles } from '../helpers/apps.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tmpHome } from '../helpers/engine.js';
import { git, uniqueApp } from '../helpers/git.js';
import { get, requestLoop } from '../helpers/http.js';
import { repoRoot } from '../helpers/root.js';

const SCRIPT = join(repoRoot(), 'scripts', 'swarm-lab.sh');
// Its own name, subnet and folder: neither a person's lab nor swarm-lab.test.ts's is touched.
const env = { SWARM_LAB_NAME: `bsd${process.pid % 100_000}`, SWARM_LAB_NET: '10.242.0', SWARM_LAB_DIR: '' };
const lab = (...args: string[]) => execa('bash', [SCRIPT, ...args], { env, reject: false, timeout: 300_000 });

let d: TestDaemon | undefined;
let registry = '';
let dockerHost = '';
let repo = '';
const app = uniqueApp('swarm');

const daemon = () => d as TestDaemon;
const ok = (res: { exitCode: number; stdout: string; stderr: string }) => {
  expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
  return res;
};
const served = async () => (await get(daemon().routerPort, `${app}.localhost`)).body;
const docker = (...args: string[]) => execa('docker', ['-H', dockerHost, ...args]);

/** A self-contained app from the lab's busybox image (every node can pull it): httpd, and a release task saying where it ran. */
async function commitApp(text: string, release = 'echo release ran on $(hostname)'): Promise<void> {
  await commitFiles(
    repo,
    {
      Dockerfile: [`FROM ${registry}/berth-lab/busybox:latest`, 'COPY index.html /www/index.html', 'COPY Procfile /Procfile', 'CMD ["sh", "-c", "exec busybox httpd -f -v -p \\"$PORT\\" -h /www"]', ''].join('\n'),
      Procfile: `release: ${release}\n`,
      'index.html': `${text}\n`,
    },
    text,
  );
}

const push = () => git(repo, 'push', daemon().gitUrl(app), 'main');

beforeAll(async () => {
  env.SWARM_LAB_DIR = join(await tmpHome(), 'lab');
  const up = await lab('up', '3');
  expect(up.exitCode, String(up.stderr)).toBe(0);
  const printed = Object.fromEntries(String(up.stdout).trim().split('\n').map((line) => line.split(/=(.*)/s, 2) as [string, string]));
  dockerHost = printed.DOCKER_HOST as string;
  registry = printed.REGISTRY as string;
  d = await startDaemon(['--ready-timeout', '60'], { env: { DOCKER_HOST: dockerHost } });
  ok(await d.berth('registry:set', '--global', 'server', registry));
  ok(await d.berth('apps:create', app));
  ok(await d.berth('scheduler:set', app, 'selected', 'swarm'));
  ok(await d.berth('ps:scale', app, 'web=3'));
  // busybox httpd as PID 1 ignores SIGTERM: each service's StopGracePeriod bounds its tasks' stop.
  ok(await d.berth('ps:set', app, 'stop-timeout-seconds', '3'));
  repo = join(await tmpHome(), 'app');
  await mkdir(repo);
  for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.email', 'test@example.com'], ['config', 'user.name', 'berth test']]) await git(repo, ...args);
}, 600_000);

afterAll(async () => {
  // The lab comes down whatever failed before.
  try {
    // apps:destroy removes the app's services and overlay network from the swarm.
    if (d) ok(await d.berth('--force', 'apps:destroy', app));
  } finally {
    await d?.stop().catch((err: unknown) => console.error(`stopping the daemon: ${String(err)}`));
    const down = await lab('down');
    expect(down.exitCode, String(down.stderr)).toBe(0);
    expect(existsSync(`/run/netns/${env.SWARM_LAB_NAME}-sw`)).toBe(false);
  }
}, 300_000);

test('a push deploys web=3 over the nodes by digest, its release task run as a job on the cluster', { timeout: 300_000 }, async () => {
  await commitApp('one');
  const t0 = Date.now();
  const pushed = await push();
  const ms = Date.now() - t0;
  expect(pushed.exitCode, pushed.all).toBe(0);
  console.log(`swarm: push to serving in ${(ms / 1000).toFixed(1)}s (3 replicas, a release task)`);
  expect(pushed.all).toContain(`pushing the image to ${registry}`);
  expect(pushed.all).toMatch(/release ran on [0-9a-f]{12}/);
  expect(await served()).toBe('one\n');

  const report = instances(JSON.parse(ok(await daemon().berth('ps:report', app, '--format', 'json')).stdout) as Record<string, string>);
  expect(report.map((c) => [c.name.includes('web'), c.state])).toEqual([[true, 'running'], [true, 'running'], [true, 'running']]);
  expect(new Set(report.map((c) => c.node)).size).toBeGreaterThan(1);
  expect(ok(await daemon().berth('ps:report', app)).stdout).toMatch(new RegExp(`running \\(CID: [0-9a-z]{12}, node ${env.SWARM_LAB_NAME}-n\\d\\)`));
  // Every node pulled the same bytes: the service runs the image by digest.
  const service = `berth-${daemon().instance}-${app}-web-1`;
  expect(String((await docker('service', 'ls', '--format', '{{.Name}}')).stdout).trim()).toBe(service);
  const inspect = await docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{.Spec.TaskTemplate.ContainerSpec.StopGracePeriod}}', service);
  const [image, grace] = String(inspect.stdout).trim().split(' ');
  expect(grace).toBe('3s');
  expect(image).toMatch(new RegExp(`^${registry}/berth-${daemon().instance}/${app}@sha256:[0-9a-f]{64}$`));
});

test('a second push switches with no failed request; the old service is retired', { timeout: 300_000 }, async () => {
  await commitApp('two');
  let done = () => {};
  const loop = requestLoop(daemon().routerPort, `${app}.localhost`, new Promise<void>((r) => (done = r)));
  const pushed = await push();
  await new Promise((r) => setTimeout(r, 500));
  done();
  expect(pushed.exitCode, pushed.all).toBe(0);
  const result = await loop;
  expect(result.failures).toEqual([]);
  expect(result.bodies.get('two')).toBeGreaterThan(0);
  expect(await served()).toBe('two\n');
});

test('a failing release task rejects the push and the release before keeps serving', { timeout: 300_000 }, async () => {
  await commitApp('three', 'echo migrating; exit 3');
  const pushed = await push();
  expect(pushed.exitCode).not.toBe(0);
  expect(pushed.all).toContain('migrating');
  expect(pushed.all).toContain('the release task (echo migrating; exit 3) exited with code 3');
  expect(await served()).toBe('two\n');
  await git(repo, 'reset', '-q', '--hard', 'HEAD~1');
});

test('releases:rollback deploys the earlier digest without a build, with no failed request', { timeout: 300_000 }, async () => {
  let done = () => {};
  const loop = requestLoop(daemon().routerPort, `${app}.localhost`, new Promise<void>((r) => (done = r)));
  const back = await daemon().berth('releases:rollback', app);
  done();
  expect(back.exitCode, back.stderr).toBe(0);
  expect(back.stdout).toContain('no build');
  expect((await loop).failures).toEqual([]);
  expect(await served()).toBe('one\n');
});

test('run as a job on the cluster (output and exit code), logs from the services', { timeout: 120_000 }, async () => {
  const run = await daemon().berth('run', app, 'sh', '-c', 'echo hello from $(hostname); exit 4');
  expect(run.exitCode).toBe(4);
  expect(run.stdout).toMatch(/^hello from [0-9a-f]{12}$/);
  expect(String((await docker('service', 'ls', '--format', '{{.Name}}')).stdout)).not.toContain('-run-');
  // httpd -v logs each request it answers.
  expect(await served()).toBe('one\n');
  const logs = ok(await daemon().berth('logs', app, '-n', '50'));
  expect(logs.stdout).toMatch(new RegExp(`^${app}\\[web\\.\\d\\]: .*response:200$`, 'm'));
});

test("a node's engine stopped: no failed request after the first seconds, its replica running again on the others", { timeout: 300_000 }, async () => {
  const before = instances(JSON.parse(ok(await daemon().berth('ps:report', app, '--format', 'json')).stdout) as Record<string, string>);
  // A worker, so the manager keeps answering.
  const victim = before.map((c) => c.node).find((n) => !n.endsWith('-n1')) as string;
  expect(victim).toBeDefined();
  let done = () => {};
  const loop = requestLoop(daemon().routerPort, `${app}.localhost`, new Promise<void>((r) => (done = r)));
  const t0 = Date.now();
  const stopped = await lab('stop', victim.replace(/.*-n/, ''));
  expect(stopped.exitCode, String(stopped.stderr)).toBe(0);
  // Swarm marks the node down and starts its replica elsewhere; berth routes to it once it answers.
  const deadline = Date.now() + 120_000;
  let running: { node: string; state: string }[] = [];
  while (Date.now() < deadline) {
    const report = instances(JSON.parse((await daemon().berth('ps:report', app, '--format', 'json')).stdout) as Record<string, string>);
    running = report.filter((c) => c.state === 'running' && c.node !== victim);
    if (running.length === 3) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const rescheduledMs = Date.now() - t0;
  done();
  const result = await loop;
  console.log(`swarm: node ${victim} stopped; replicas running on the others after ${(rescheduledMs / 1000).toFixed(1)}s; ${result.ok} requests ok, ${result.failed} failed`);
  expect(running).toHaveLength(3);
  expect(result.failures).toEqual([]);
  expect(await served()).toBe('one\n');
});

/** ps:report's Dokku-shaped `status-NAME` fields: `STATE (CID: …, node NODE)`. */
function instances(report: Record<string, string>): { name: string; state: string; node: string }[] {
  return Object.entries(report)
    .filter(([k]) => k.startsWith('status-'))
    .map(([k, v]) => ({ name: k.slice('status-'.length), state: v.split(' ')[0] ?? '', node: /node ([^)]+)\)/.exec(v)?.[1] ?? '' }));
}
