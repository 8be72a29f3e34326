/**
 * Starting a release on the swarm: one new service per process type, waited
 * on until every replica runs, then proven by berth's checks. On any failure
 * (a task that fails, the deadline) the new services are removed, so Swarm
 * never keeps half a release; the old services never stopped.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Docker } from '../../docker.js';
import type { RegistryAuth } from '../../docker/swarm.js';
import { StageError } from '../../core/errors.js';
import { appLabels } from '../../docker/labels.js';
import type { Output } from '../../core/output.js';
import type { Instance, ReleaseRun } from '../types.js';
import { proveRelease } from './prove.js';
import { overlayName, processServiceSpec } from './spec.js';
import { failureOf, instancesOf } from './tasks.js';

const POLL_MS = 250;

export interface ReleaseDeps {
  docker: Docker;
  instance: string;
  readyTimeoutMs: number;
}

/** The instances of these services, as Swarm reports them now, and why a task of theirs failed if one did. */
export async function readInstances(docker: Docker, services: string[]): Promise<Instance[] & { failure?: string }> {
  const [tasks, nodes] = await Promise.all([Promise.all(services.map((s) => docker.swarm.serviceTasks(s))), docker.swarm.nodes()]);
  const failure = failureOf(tasks.flat(), nodes);
  return Object.assign(instancesOf(tasks.flat(), nodes), failure ? { failure } : {});
}

export async function startSwarmRelease(release: ReleaseRun, auth: RegistryAuth, deps: ReleaseDeps, out: Output, signal?: AbortSignal): Promise<Instance[]> {
  const { docker, instance } = deps;
  const deadline = Date.now() + deps.readyTimeoutMs;
  await docker.swarm.ensureOverlay(overlayName(instance, release.app), appLabels(instance, release.app));
  const names: string[] = [];
  try {
    for (const plan of release.processes) {
      const spec = processServiceSpec({
        instance,
        app: release.app,
        process: plan.process,
        deployId: release.deployId,
        image: release.image.digest ?? release.image.tag,
        env: release.env,
        command: plan.command,
        replicas: plan.count,
        builder: release.builder,
        webPort: release.webPort,
        stopTimeoutSeconds: release.settings.stopTimeout,
        runtime: release.runtime(plan.process),
      });
      out.step(`starting ${plan.count} × ${plan.process} as service ${spec.Name}`);
      await docker.swarm.removeService(spec.Name);
      await docker.swarm.createService(spec, auth);
      names.push(spec.Name);
    }
    const read = () => readInstances(docker, names);
    const running = await converged(release, read, deadline, signal);
    out.step(`tasks running: ${running.map((i) => `${i.process}.${i.index}@${i.node}`).join(' ')}`);
    await proveRelease(release.processes, running, { deadline, out, read, signal });
    return (await read()).filter((i) => i.state === 'running');
  } catch (err) {
    await removeServices(docker, names, out);
    throw err instanceof StageError ? err : new StageError('deploy', `starting the new services failed: ${String(err)}`, { cause: err });
  }
}

/** Waits until every process runs its count of tasks; a task that fails or is rejected fails the release at once. */
async function converged(release: ReleaseRun, read: () => Promise<Instance[] & { failure?: string }>, deadline: number, signal?: AbortSignal): Promise<Instance[]> {
  for (;;) {
    signal?.throwIfAborted();
    const all = await read();
    const running = all.filter((i) => i.state === 'running');
    if (all.failure) throw new StageError('deploy', all.failure);
    if (release.processes.every((p) => running.filter((i) => i.process === p.process).length >= p.count)) return running;
    if (Date.now() >= deadline) {
      const have = release.processes.map((p) => `${p.process} ${running.filter((i) => i.process === p.process).length}/${p.count}`).join(', ');
      throw new StageError('deploy', `the new tasks were not all running in time (${have}); rolled back`);
    }
    await delay(POLL_MS, undefined, { signal });
  }
}

/** Removes services that will not serve, showing their last output first. */
export async function removeServices(docker: Docker, names: string[], out: Output): Promise<void> {
  await showLogs(docker, names, out);
  for (const name of names) await docker.swarm.removeService(name).catch(() => undefined);
}

async function showLogs(docker: Docker, names: string[], out: Output): Promise<void> {
  for (const name of names) {
    const lines: string[] = [];
    await docker.swarm.logs(name, { follow: false, tail: 20 }, (l) => lines.push(l)).catch(() => undefined);
    if (!lines.length) continue;
    out.error(`last log lines of ${name}:`);
    for (const line of lines) out.detail(line);
  }
}
