/**
 * The `docker-local` scheduler: every container on this host's engine,
 * reached by the router on loopback. Its parts live where the stages put
 * them (swap/ for releases, release/tasks.ts for tasks); this file is the
 * seam's face over them.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerInfo } from '../docker.js';
import { ensureAppNetwork } from '../app-network.js';
import { LABEL, runLabels } from '../labels.js';
import { runTask } from '../release/tasks.js';
import { oomKilled } from '../runtime/oom.js';
import { reportOom } from '../runtime/run-hooks.js';
import { appContainers, retireOthers, routeTo, startRelease, type SwapDeps } from '../swap/index.js';
import { oneOffSpec } from './one-off-spec.js';
import type { Instance, Scheduler } from './types.js';

/** The engine, the router, the home's instance id (in every name and label), the daemon's log and background work. */
export type DockerLocalDeps = SwapDeps;

export const DOCKER_LOCAL = 'docker-local';

/** A process container as an instance; its endpoint is filled only by a release's start. */
export function instanceOf(c: ContainerInfo): Instance {
  const l = c.labels;
  return { id: c.id, name: c.name, process: l[LABEL.process] ?? '', index: Number(l[LABEL.index]), deployId: Number(l[LABEL.deploy]), state: c.state, node: 'local' };
}

export function dockerLocal(deps: DockerLocalDeps): Scheduler {
  const { docker, instance } = deps;
  const processes = async (app: string) => (await appContainers(docker, instance, app)).filter((c) => c.labels[LABEL.process]);
  return {
    name: DOCKER_LOCAL,
    // The image was built by this very engine.
    prepareImage: (image) => Promise.resolve(image),
    runTask: (task, io) =>
      runTask(
        { app: task.app, deployId: task.deployId, instance, image: task.image.digest ?? task.image.tag, env: task.env, name: task.name, command: task.command, builder: task.builder, runtime: task.runtime },
        { docker, out: io.out, signal: io.signal },
      ),
    startRelease: (release, io) => startRelease(release, deps, io.out, io.signal),
    route: async (app, hosts, instances) => void (await routeTo(deps, app, hosts, instances)),
    retireOthers: (app, keep, settings, io) => retireOthers(deps, app, keep, settings, io.out),
    list: async (app) => (await processes(app)).map(instanceOf),
    async stop(app, stopTimeoutSeconds, onEach) {
      for (const c of await processes(app)) {
        onEach?.(instanceOf(c));
        await docker.stopContainer(c.id, stopTimeoutSeconds);
        await docker.removeContainer(c.id);
      }
    },
    async runAttached(run, io) {
      // Apps deployed before app networks existed get theirs here.
      await ensureAppNetwork(docker, instance, run.app);
      const spec = oneOffSpec(instance, run, { suffix: randomBytes(3).toString('hex'), detached: false });
      return docker.runToCompletion(spec, io.onLine, io.signal, reportOom(docker, io.out));
    },
    async startDetached(run) {
      await ensureAppNetwork(docker, instance, run.app);
      const spec = oneOffSpec(instance, run, { suffix: randomBytes(3).toString('hex'), detached: true });
      const id = await docker.createContainer(spec);
      await docker.startContainer(id);
      return spec.name as string;
    },
    oneOffs: async (app) => (await docker.listContainers(runLabels(instance, app))).map((c) => ({ name: c.name, state: c.state })),
    async logs(app, deployId, opts, onLine, signal) {
      const list = (await processes(app)).filter((c) => c.labels[LABEL.deploy] === String(deployId) && (!opts.process || c.labels[LABEL.process] === opts.process));
      const oom = await oomKilled(docker, list);
      await Promise.all(
        list.map(async (c) => {
          const i = instanceOf(c);
          await docker.streamLogs(c.id, { follow: opts.follow, tail: opts.tail }, (line) => onLine(i, line), signal);
          if (oom.has(c.id)) onLine(i, 'berth: the container was killed for exceeding its memory limit (OOMKilled)');
        }),
      );
      return list.map(instanceOf);
    },
  };
}
