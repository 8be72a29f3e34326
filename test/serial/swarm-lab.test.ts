/**
 * scripts/swarm-lab.sh: three dockerd nodes in network namespaces form one
 * swarm; the lab's registry serves an image built here, and a 3-replica
 * service of it runs on more than one node. `down` always runs and leaves
 * nothing behind. Serial: it starts three engines.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { tmpHome } from '../helpers/engine.js';
import { repoRoot } from '../helpers/root.js';

const SCRIPT = join(repoRoot(), 'scripts', 'swarm-lab.sh');
// Its own name, subnet and folder: a lab a person has up is never touched.
const env = { SWARM_LAB_NAME: `blt${process.pid % 100_000}`, SWARM_LAB_NET: '10.241.0', SWARM_LAB_DIR: '' };

const lab = (...args: string[]) => execa('bash', [SCRIPT, ...args], { env, reject: false, timeout: 300_000 });

afterAll(async () => {
  const down = await lab('down');
  expect(down.exitCode, String(down.stderr)).toBe(0);
  expect(existsSync(`/run/netns/${env.SWARM_LAB_NAME}-sw`)).toBe(false);
  expect(existsSync(env.SWARM_LAB_DIR)).toBe(false);
  expect(String((await execa('ip', ['-br', 'link'])).stdout)).not.toContain(`${env.SWARM_LAB_NAME}h`);
}, 180_000);

test('up: 3 ready nodes, a registry with the lab image, and a service spread over the nodes', { timeout: 300_000 }, async () => {
  env.SWARM_LAB_DIR = join(await tmpHome(), 'lab');
  const up = await lab('up', '3');
  expect(up.exitCode, String(up.stderr)).toBe(0);
  const printed = Object.fromEntries(String(up.stdout).trim().split('\n').map((line) => line.split(/=(.*)/s, 2) as [string, string]));
  expect(Object.keys(printed)).toEqual(['DOCKER_HOST', 'REGISTRY']);
  expect(printed.DOCKER_HOST).toBe(`unix://${env.SWARM_LAB_DIR}/n1/docker.sock`);
  expect(printed.REGISTRY).toBe('10.241.0.2:5000');
  const docker = (...args: string[]) => execa('docker', ['-H', printed.DOCKER_HOST as string, ...args]);

  const nodes = String((await docker('node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.Availability}}')).stdout).split('\n').sort();
  expect(nodes).toEqual([1, 2, 3].map((i) => `${env.SWARM_LAB_NAME}-n${i} Ready Active`));

  // The registry answers from the host, at the address printed.
  const tags = await fetch(`http://${printed.REGISTRY}/v2/berth-lab/busybox/tags/list`);
  expect(await tags.json()).toEqual({ name: 'berth-lab/busybox', tags: ['latest'] });

  const check = await lab('check', '--keep');
  expect(check.exitCode, String(check.stderr)).toBe(0);
  const tasks = String((await docker('service', 'ps', 'berth-lab-check', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}')).stdout).split('\n');
  expect(tasks).toHaveLength(3);
  for (const task of tasks) expect(task).toMatch(/ Running /);
  const spread = new Set(tasks.map((t) => t.split(' ')[0]));
  expect(spread.size).toBeGreaterThan(1);
  expect(String(check.stdout).trim()).toBe(`berth-lab-check: 3 tasks running on ${[...spread].sort().join(' ')}`);
});
