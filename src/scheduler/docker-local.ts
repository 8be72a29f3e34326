/**
 * The `docker-local` scheduler: every container on this host's engine,
 * reached by the router on loopback. Its parts live where the stages put
 * them (swap/ for releases, release/tasks.ts for tasks); this file is the
 * seam's face over them.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerInfo } from '../docker.js';
import type { ExecSession, ExecSpec, ExecStreams, TerminalSize } from '../docker/exec.js';
import { ensureAppNetwork } from '../apps/network.js';
import { LABEL, runLabels } from '../docker/labels.js';
import { runTask } from '../release/tasks.js';
import { oomKilled } from '../runtime/oom.js';
import { reportOom } from '../runtime/run-hooks.js';
import { webEndpoint } from '../swap/endpoint.js';
import { appContainers, removeInstances, retireOthers, routeTo, startRelease, watchUptime, type SwapDeps } from '../swap/index.js';
import { oneOffSpec } from './one-off-spec.js';
import type { SwapSettings } from '../swap/plan.js';
import type { ImageRef, Instance, LogOptions, OneOffRun, ReleaseRun, RunIo, Scheduler, TaskRun } from './types.js';

/** The engine, the router, the home's instance id (in every name and label), the daemon's log and background work. */
export type DockerLocalDeps = SwapDeps;

export const DOCKER_LOCAL = 'docker-local';

/** A process container as an instance; its endpoint is filled only by a release's start. */
export function instanceOf(c: ContainerInfo): Instance {
  const l = c.labels;
  return { id: c.id, name: c.name, process: l[LABEL.process] ?? '', index: Number(l[LABEL.index]), deployId: Number(l[LABEL.deploy]), state: c.state, node: 'local' };
}

export function dockerLocal(deps: DockerLocalDeps): Scheduler {
  return new DockerLocal(deps);
}

class DockerLocal implements Scheduler {
  readonly name = DOCKER_LOCAL;

  constructor(private readonly deps: DockerLocalDeps) {}

  // The image was built by this very engine.
  prepareImage(image: ImageRef): Promise<ImageRef> {
    return Promise.resolve(image);
  }

  runTask(task: TaskRun, io: RunIo): Promise<void> {
    const { docker, instance } = this.deps;
    const image = task.image.digest ?? task.image.tag;
    return runTask({ app: task.app, deployId: task.deployId, instance, image, env: task.env, name: task.name, command: task.command, builder: task.builder, runtime: task.runtime }, { docker, out: io.out, signal: io.signal });
  }

  startRelease(release: ReleaseRun, io: RunIo): Promise<Instance[]> {
    return startRelease(release, this.deps, io.out, io.signal);
  }

  watch(instances: Instance[], seconds: number, io: RunIo): Promise<void> {
    return watchUptime(this.deps, instances, seconds, io.out, io.signal);
  }

  async remove(instances: Instance[], io: RunIo): Promise<void> {
    // Routed ones leave the router first (their slots freed), with no grace: they failed.
    const endpoints = instances.flatMap((i) => (i.endpoint ? [i.endpoint] : []));
    if (endpoints.length) await this.deps.router.drain(endpoints, 0);
    await removeInstances(this.deps, instances, io.out);
  }

  async route(app: string, hosts: string[], instances: Instance[], fallback: Instance[] = []): Promise<void> {
    await routeTo(this.deps, app, hosts, instances, fallback);
  }

  retireOthers(app: string, keepDeployId: number, settings: SwapSettings, io: RunIo): Promise<void> {
    return retireOthers(this.deps, app, keepDeployId, settings, io.out);
  }

  async list(app: string): Promise<Instance[]> {
    const containers = await this.processes(app);
    const oom = await oomKilled(this.deps.docker, containers);
    return Promise.all(containers.map(async (c) => ({ ...(await this.withEndpoint(c)), ...(oom.has(c.id) ? { oomKilled: true } : {}) })));
  }

  exec(instance: Instance, spec: ExecSpec, io: ExecStreams, size?: TerminalSize): Promise<ExecSession> {
    return this.deps.docker.execStream(instance.id, spec, io, size);
  }

  private async withEndpoint(c: ContainerInfo): Promise<Instance> {
    const instance = instanceOf(c);
    if (instance.process !== 'web' || c.state !== 'running') return instance;
    const endpoint = await webEndpoint(this.deps.docker, this.deps.instance, c);
    return endpoint ? { ...instance, endpoint } : instance;
  }

  async stop(app: string, stopTimeoutSeconds: number, onEach?: (instance: Instance) => void): Promise<void> {
    for (const c of await this.processes(app)) {
      onEach?.(instanceOf(c));
      await this.deps.docker.stopContainer(c.id, stopTimeoutSeconds);
      await this.deps.docker.removeContainer(c.id);
    }
  }

  async runAttached(run: OneOffRun, io: RunIo & { onLine: (line: string) => void }): Promise<number> {
    const { docker, instance } = this.deps;
    // Apps deployed before app networks existed get theirs here.
    await ensureAppNetwork(docker, instance, run.app);
    const spec = oneOffSpec(instance, run, { suffix: randomBytes(3).toString('hex'), detached: false });
    return docker.runToCompletion(spec, io.onLine, io.signal, reportOom(docker, io.out));
  }

  async startDetached(run: OneOffRun): Promise<string> {
    const { docker, instance } = this.deps;
    await ensureAppNetwork(docker, instance, run.app);
    const spec = oneOffSpec(instance, run, { suffix: randomBytes(3).toString('hex'), detached: true });
    await docker.startContainer(await docker.createContainer(spec));
    return spec.name as string;
  }

  async oneOffs(app: string): Promise<{ name: string; state: string }[]> {
    return (await this.deps.docker.listContainers(runLabels(this.deps.instance, app))).map((c) => ({ name: c.name, state: c.state }));
  }

  async logs(app: string, deployId: number, opts: LogOptions, onLine: (instance: Instance, line: string) => void, signal?: AbortSignal): Promise<Instance[]> {
    const { docker } = this.deps;
    const list = (await this.processes(app)).filter((c) => c.labels[LABEL.deploy] === String(deployId) && (!opts.process || c.labels[LABEL.process] === opts.process));
    const oom = await oomKilled(docker, list);
    await Promise.all(
      list.map(async (c) => {
        const i = instanceOf(c);
        await docker.streamLogs(c.id, { follow: opts.follow, tail: opts.tail }, (line) => onLine(i, line), signal);
        if (oom.has(c.id)) onLine(i, 'berth: the container was killed for exceeding its memory limit (OOMKilled)');
      }),
    );
    return list.map(instanceOf);
  }

  private async processes(app: string): Promise<ContainerInfo[]> {
    return (await appContainers(this.deps.docker, this.deps.instance, app)).filter((c) => c.labels[LABEL.process]);
  }
}
