/**
 * A private Docker engine for tests that must restart one (the shared engine
 * is never restarted): its own data, exec root, socket and containerd, in its
 * own network namespace with its own bridge, reached from the host over a
 * veth pair. Needs root.
 */
import { execa } from 'execa';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Docker } from '../../src/docker.js';

export interface LabEngine {
  /** The engine's unix socket. */
  socket: string;
  /** `nsenter …`: run a command inside the engine's network namespace. */
  nsenter: string[];
  /** The namespace's address, reachable from the host. */
  address: string;
  docker: Docker;
  stopEngine(): Promise<void>;
  startEngine(): Promise<void>;
  /** Stops the engine and removes the namespace, the veth pair and every file. */
  destroy(): Promise<void>;
}

const HOST_ADDR = '10.231.0.1';
const NS_ADDR = '10.231.0.2';

export async function startLabEngine(dir: string): Promise<LabEngine> {
  const ns = `berth-lab-${process.pid}`;
  const [hostIf, nsIf] = [`bl${process.pid}h`, `bl${process.pid}n`].map((n) => n.slice(0, 15)) as [string, string];
  const socket = join(dir, 'docker.sock');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'daemon.json'), '{}');
  await run('ip', ['netns', 'add', ns]);
  await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await run('ip', ['link', 'set', nsIf, 'netns', ns]);
  await run('ip', ['addr', 'add', `${HOST_ADDR}/30`, 'dev', hostIf]);
  await run('ip', ['link', 'set', hostIf, 'up']);
  for (const args of [['addr', 'add', `${NS_ADDR}/30`, 'dev', nsIf], ['link', 'set', nsIf, 'up'], ['link', 'set', 'lo', 'up']]) await run('ip', ['netns', 'exec', ns, 'ip', ...args]);
  const nsenter = ['nsenter', `--net=/run/netns/${ns}`];
  const docker = new Docker(socket);
  // `ip netns exec` remounts /sys and dockerd then fails; nsenter does not.
  const dockerd = [
    ...nsenter, 'dockerd', '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'),
    '-H', `unix://${socket}`, '--config-file', join(dir, 'daemon.json'), '--bip', '10.232.0.1/24',
  ];
  const lab: LabEngine = {
    socket,
    nsenter,
    address: NS_ADDR,
    docker,
    async startEngine() {
      const child = execa(dockerd[0] as string, dockerd.slice(1), { reject: false, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
      child.unref();
      await waitFor('the lab engine to answer', () => docker.ping().then(() => true));
    },
    async stopEngine() {
      const pid = Number(await readFile(join(dir, 'docker.pid'), 'utf8').catch(() => '0'));
      if (!pid) return;
      process.kill(pid, 'SIGTERM');
      await waitFor('the lab engine to stop', async () => !alive(pid), 60_000);
    },
    async destroy() {
      await lab.stopEngine().catch(() => undefined);
      await run('ip', ['link', 'del', hostIf]).catch(() => undefined);
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await lab.startEngine();
  return lab;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  await execa(cmd, args, { timeout: 30_000 });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
