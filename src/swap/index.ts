/**
 * The swap's parts for the docker-local scheduler (src/scheduler/docker-local.ts):
 * start the new containers and prove them, point the router at them in one
 * step, then retire the old ones once their in-flight requests are done. A
 * failure before the switch removes the new containers; the old ones never stopped.
 */
import type { Docker, ContainerInfo } from '../docker.js';
import { StageError } from '../core/errors.js';
import { appLabels, LABEL } from '../docker/labels.js';
import type { Log } from '../core/log.js';
import type { Output } from '../core/output.js';
import type { Router, Upstream } from '../router/index.js';
import type { Instance, ReleaseRun } from '../scheduler/types.js';
import { processContainerSpec } from './container-spec.js';
import { proveContainer, stayUp, type Target } from './health.js';
import { restartPolicy, type ProcessPlan, type SwapSettings } from './plan.js';
import { retire } from './retire.js';
import { webEndpoint } from './endpoint.js';

export interface SwapDeps {
  docker: Docker;
  router: Router;
  instance: string;
  log: Log;
  readyTimeoutMs: number;
  /** Hands the retirement of the old release to the daemon's background work. */
  background: (what: string, work: Promise<unknown>) => void;
}

interface Started extends Target {
  plan: ProcessPlan;
  instance: Instance;
}

/** Starts every container of the release and proves each; on failure shows their logs and removes them. */
export async function startRelease(release: ReleaseRun, deps: SwapDeps, out: Output, signal?: AbortSignal): Promise<Instance[]> {
  const started: Started[] = [];
  try {
    for (const plan of release.processes) {
      for (let index = 1; index <= plan.count; index++) started.push(await startOne(release, plan, index, deps, out));
    }
    await Promise.all(
      started.map((c) => proveContainer(deps.docker, c, c.plan.checks, { readyTimeoutMs: deps.readyTimeoutMs, out, signal })),
    );
    signal?.throwIfAborted();
  } catch (err) {
    await removeInstances(deps, started.map((s) => s.instance), out);
    throw err instanceof StageError ? err : new StageError('deploy', `starting the new containers failed: ${String(err)}`, { cause: err });
  }
  return started.map((s) => s.instance);
}

/** The uptime window over `instances` (see health.ts stayUp). */
export async function watchUptime(deps: SwapDeps, instances: Instance[], seconds: number, out: Output, signal?: AbortSignal): Promise<void> {
  const targets = instances.map((i) => ({ id: i.id, label: labelOf(i) }));
  if (targets.length) out.step(`${targets.map((t) => t.label).join(', ')}: checking ${targets.length > 1 ? 'they stay' : 'it stays'} up ${seconds}s`);
  await stayUp(deps.docker, targets, seconds, signal);
}

/** Shows the last log lines of each instance, then removes it. */
export async function removeInstances(deps: SwapDeps, instances: Instance[], out: Output): Promise<void> {
  for (const i of instances) {
    const lines = await deps.docker.logsTail(i.id, 20).catch(() => []);
    if (lines.length) out.error(`last log lines of ${labelOf(i)}:`);
    for (const line of lines) out.detail(line);
  }
  for (const i of instances) await deps.docker.removeContainer(i.id);
}

const labelOf = (i: Pick<Instance, 'process' | 'index'>) => `${i.process}.${i.index}`;

/** Points the app's hosts at the web instances, with `fallback`'s as backups. */
export async function routeTo(deps: SwapDeps, app: string, hosts: string[], instances: Instance[], fallback: Instance[] = []): Promise<void> {
  await deps.router.setRoute(app, hosts, endpointsOf(instances), endpointsOf(fallback));
}

const endpointsOf = (instances: Instance[]): Upstream[] => instances.flatMap((i) => (i.endpoint ? [i.endpoint] : []));

/** Hands every process container of the app not of `keepDeployId` to the background retirement. */
export async function retireOthers(deps: SwapDeps, app: string, keepDeployId: number, settings: SwapSettings, out: Output): Promise<void> {
  const old = (await appContainers(deps.docker, deps.instance, app)).filter((c) => c.labels[LABEL.deploy] !== String(keepDeployId) && c.labels[LABEL.process]);
  if (!old.length) return;
  out.step(`retiring ${old.length} old container(s) once their requests finish`);
  const retirement = retire(old, { ...deps, drainTimeoutMs: settings.waitToRetire * 1000, stopTimeoutSeconds: settings.stopTimeout });
  deps.background(`retire ${app}`, retirement);
}

async function startOne(release: ReleaseRun, plan: ProcessPlan, index: number, deps: SwapDeps, out: Output): Promise<Started> {
  const label = `${plan.process}.${index}`;
  out.step(`starting ${label}${plan.command ? `: ${plan.command}` : ''}`);
  const spec = processContainerSpec({
    app: release.app,
    process: plan.process,
    index,
    deployId: release.deployId,
    image: release.image.digest ?? release.image.tag,
    instance: deps.instance,
    env: release.env,
    command: plan.command,
    restartPolicy: restartPolicy(release.settings.restartPolicy),
    builder: release.builder,
    webPort: release.webPort,
    runtime: release.runtime,
  });
  const id = await deps.docker.createContainer(spec);
  try {
    await release.afterCreate?.(id, plan.process);
    await deps.docker.startContainer(id);
    const web = plan.process === 'web';
    // The checks ask the published loopback port; the router goes to the container itself (endpoint.ts).
    const port = web ? await deps.docker.hostPort(id, release.webPort) : undefined;
    const endpoint = web ? await webEndpoint(deps.docker, deps.instance, { id, labels: spec.Labels ?? {} }) : undefined;
    const instance: Instance = { id, name: spec.name as string, process: plan.process, index, deployId: release.deployId, state: 'running', node: 'local', ...(endpoint ? { endpoint } : {}) };
    return { id, label, port, containerPort: release.webPort, plan, instance };
  } catch (err) {
    const lines = await deps.docker.logsTail(id, 20).catch(() => []);
    for (const line of lines) out.detail(line);
    await deps.docker.removeContainer(id);
    throw err;
  }
}

/** Every container of the app this daemon made, running or not. */
export function appContainers(docker: Docker, instance: string, app: string): Promise<ContainerInfo[]> {
  return docker.listContainers(appLabels(instance, app));
}
