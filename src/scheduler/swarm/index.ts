/**
 * The `swarm` scheduler: the daemon's engine is a Swarm manager. Images go
 * to the registry of `registry:set` and run by digest; each process type of
 * a deploy is a service whose tasks the router reaches at their nodes' host
 * ports; release tasks and `run` are replicated jobs. Registry auth goes
 * with every service change, so any node can pull.
 */
import { randomBytes } from 'node:crypto';
import { StageError, UserError } from '../../core/errors.js';
import { appLabels, LABEL, runLabels } from '../../docker/labels.js';
import { exitText } from '../../runtime/oom.js';
import type { SwapDeps } from '../../swap/index.js';
import type { Upstream } from '../../router/index.js';
import type { Output } from '../../core/output.js';
import type { ImageRef, Instance, Scheduler } from '../types.js';
import { runJob } from './job.js';
import { digestRef, pushTarget, type RegistrySettings } from './registry.js';
import { stayUp } from './prove.js';
import { readInstances, removeServices, startSwarmRelease } from './release.js';
import { jobServiceSpec, overlayName, serviceName } from './spec.js';
import { routable } from './tasks.js';

export const SWARM = 'swarm';

export interface SwarmDeps extends SwapDeps {
  /** The app's registry (throws a UserError when none is set). */
  registry: () => RegistrySettings;
}

export function swarmScheduler(deps: SwarmDeps): Scheduler {
  const { docker, instance, router } = deps;
  const processServices = async (app: string) => (await docker.swarm.services(appLabels(instance, app))).filter((s) => s.labels[LABEL.process]);
  const list = async (app: string) => readInstances(docker, (await processServices(app)).map((s) => s.name));
  return {
    name: SWARM,
    prepareImage: (image, io) => pushed(deps, image, io.out),
    async runTask(task, io) {
      io.out.heading(`running ${task.name} on the swarm: ${task.command}`);
      await docker.swarm.ensureOverlay(overlayName(instance, task.app), appLabels(instance, task.app));
      const spec = jobServiceSpec({ instance, app: task.app, deployId: task.deployId, image: task.image.digest ?? task.image.tag, env: task.env, name: task.name, args: task.builder.taskCmd(task.command), runtime: task.runtime(task.name) });
      const end = await runJob(docker, spec, deps.registry().auth, (line) => io.out.detail(line), io.signal);
      if (end.exitCode !== 0) throw new StageError('release', `the ${task.name} task (${task.command}) exited with code ${exitText({ exitCode: end.exitCode, oomKilled: false })}${end.reason ? ` (${end.reason})` : ''}`);
    },
    startRelease: (release, io) => startSwarmRelease(release, deps.registry().auth, deps, io.out, io.signal),
    watch: (instances, seconds, io) => stayUp(instances, seconds, { out: io.out, signal: io.signal, read: () => readInstances(docker, servicesOf(instance, instances)) }),
    async remove(instances, io) {
      // Routed ones leave the router first, with no grace: they failed.
      const endpoints = instances.flatMap((i) => (i.endpoint ? [i.endpoint] : []));
      if (endpoints.length) await router.drain(endpoints, 0);
      await removeServices(docker, servicesOf(instance, instances), io.out);
    },
    route: (app, hosts, instances, fallback = []) => router.setRoute(app, hosts, endpointsOf(routable(instances)), endpointsOf(routable(fallback))),
    async retireOthers(app, keep, settings, io) {
      const old = (await processServices(app)).filter((s) => s.labels[LABEL.deploy] !== String(keep));
      if (!old.length) return;
      io.out.step(`retiring ${old.length} old service(s) once their requests finish`);
      const upstreams = (await readInstances(docker, old.map((s) => s.name))).flatMap((i) => (i.endpoint ? [i.endpoint] : []));
      const retirement = (async () => {
        const drained = upstreams.length ? await router.drain(upstreams, settings.waitToRetire * 1000) : true;
        for (const s of old) await docker.swarm.removeService(s.name);
        deps.log({ event: 'retired', app, services: old.map((s) => s.name), drained });
      })();
      deps.background(`retire ${app}`, retirement);
    },
    list,
    async stop(app, _stopTimeoutSeconds, onEach) {
      // Each service's StopGracePeriod (ps:set stop-timeout-seconds at its deploy) governs its tasks.
      for (const i of await list(app)) onEach?.(i);
      for (const s of await processServices(app)) await docker.swarm.removeService(s.name);
    },
    async runAttached(run, io) {
      await docker.swarm.ensureOverlay(overlayName(instance, run.app), appLabels(instance, run.app));
      // The release's image as every node pulls it (pushing what the registry has is quick).
      const image = run.image.digest ?? (await pushed(deps, run.image, io.out)).digest;
      const spec = jobServiceSpec({ instance, app: run.app, deployId: 0, image: image as string, env: run.env, name: `run-${randomBytes(3).toString('hex')}`, args: run.command, runtime: run.runtime });
      spec.Labels = { ...spec.Labels, ...runLabels(instance, run.app) };
      const end = await runJob(docker, spec, deps.registry().auth, io.onLine, io.signal);
      if (end.reason && end.exitCode !== 0) io.out.detail(`berth: ${end.reason}`);
      return end.exitCode;
    },
    startDetached: () => Promise.reject(new UserError('run:detached is not available on the swarm scheduler yet')),
    exec: () => Promise.reject(new UserError("enter is not available on the swarm scheduler yet: a task runs on its node's engine (docker exec there)")),
    oneOffs: async (app) => (await docker.swarm.services(runLabels(instance, app))).map((s) => ({ name: s.name, state: 'running' })),
    async logs(app, deployId, opts, onLine, signal) {
      const services = (await processServices(app)).filter((s) => s.labels[LABEL.deploy] === String(deployId) && (!opts.process || s.labels[LABEL.process] === opts.process));
      const instances = await readInstances(docker, services.map((s) => s.name));
      await Promise.all(
        services.map((s) => {
          const first = instances.find((i) => i.process === s.labels[LABEL.process]);
          const who: Instance = first ?? { id: s.id, name: s.name, process: s.labels[LABEL.process] ?? '', index: 0, deployId, state: 'unknown', node: '' };
          return docker.swarm.logs(s.name, { follow: opts.follow, tail: opts.tail }, (line) => onLine(who, line), signal);
        }),
      );
      return instances;
    },
  };
}

/** Pushes the image to the app's registry; the ref to deploy is its digest there. */
async function pushed(deps: SwarmDeps, image: ImageRef, out: Output): Promise<ImageRef> {
  const reg = deps.registry();
  await requireManager(deps.docker);
  const target = pushTarget(reg.server, image.tag);
  out.step(`pushing the image to ${reg.server}`);
  const digest = await deps.docker.swarm.push(image.tag, target, reg.auth);
  return { tag: image.tag, digest: digestRef(target, digest) };
}

/** Before anything is pushed: an engine outside a swarm answers service calls with 503. */
async function requireManager(docker: SwarmDeps['docker']): Promise<void> {
  await docker.swarm.nodes().catch((err: unknown) => {
    if ((err as { statusCode?: number } | null)?.statusCode === 503) throw new UserError('the swarm scheduler needs DOCKER_HOST to be a swarm manager; this engine is not one');
    throw err;
  });
}

function endpointsOf(instances: Instance[]): Upstream[] {
  return instances.map((i) => i.endpoint as Upstream);
}

/** The services these instances are tasks of (an instance's name starts with its app's). */
function servicesOf(instance: string, instances: Instance[]): string[] {
  return [...new Set(instances.map((i) => serviceName(instance, i.name.split('.')[0] as string, i.process, i.deployId)))];
}
