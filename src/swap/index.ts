/**
 * The swap stage (the docker-local scheduler): start the new containers,
 * prove them, point the router at them in one step, then retire the old
 * ones once their in-flight requests are done. A failure before the switch
 * removes the new containers; the old ones never stopped.
 */
import type { Docker, ContainerInfo } from '../docker.js';
import { StageError } from '../errors.js';
import { appLabels } from '../labels.js';
import type { Log } from '../log.js';
import type { Output } from '../output.js';
import type { Router, Upstream } from '../router/index.js';
import { processContainerSpec, WEB_PORT } from './container-spec.js';
import type { SpecFragment } from '../runtime/fragment.js';
import { proveContainer, type Target } from './health.js';
import { restartPolicy, type ProcessPlan, type SwapSettings } from './plan.js';
import { retire } from './retire.js';

export interface SwapInput {
  app: string;
  deployId: number;
  image: string;
  instance: string;
  env: Record<string, string>;
  hosts: string[];
  processes: ProcessPlan[];
  settings: SwapSettings;
  herokuish?: boolean;
  webPort?: number;
  runtime?: (process: string) => SpecFragment;
  /** Runs between create and start (network:set attach-post-create). */
  afterCreate?: (id: string, process: string) => Promise<void>;
}

export interface SwapDeps {
  docker: Docker;
  router: Router;
  out: Output;
  log: Log;
  readyTimeoutMs: number;
  /** Hands the retirement of the old release to the daemon's background work. */
  background: (what: string, work: Promise<unknown>) => void;
  signal?: AbortSignal;
}

interface Started extends Target {
  plan: ProcessPlan;
}

export async function swap(input: SwapInput, deps: SwapDeps): Promise<void> {
  const previous = await appContainers(deps.docker, input.instance, input.app);
  const started: Started[] = [];
  try {
    for (const plan of input.processes) {
      for (let index = 1; index <= plan.count; index++) started.push(await startOne(input, plan, index, deps));
    }
    await Promise.all(
      started.map((c) =>
        proveContainer(deps.docker, c, c.plan.checks, { waitSeconds: input.settings.checksWait, readyTimeoutMs: deps.readyTimeoutMs, out: deps.out, signal: deps.signal }),
      ),
    );
    deps.signal?.throwIfAborted();
  } catch (err) {
    await showLogs(deps, started);
    for (const c of started) await deps.docker.removeContainer(c.id);
    throw err instanceof StageError ? err : new StageError('deploy', `starting the new containers failed: ${String(err)}`, { cause: err });
  }
  const ready = performance.now();
  const upstreams = started.flatMap((s): Upstream[] => (s.port ? [{ host: '127.0.0.1', port: s.port }] : []));
  await deps.router.setRoute(input.app, input.hosts, upstreams);
  const readyToRoutedMs = performance.now() - ready;
  deps.out.step(`routed ${upstreams.length} web container(s)`);
  deps.log({ event: 'routed', app: input.app, deploy: input.deployId, stage: 'deploy', upstreams, readyToRoutedMs });
  const old = previous.filter((c) => c.labels['berth.deploy'] !== String(input.deployId) && c.labels['berth.process']);
  if (old.length) {
    deps.out.step(`retiring ${old.length} old container(s) once their requests finish`);
    const retirement = retire(old, { ...deps, drainTimeoutMs: input.settings.waitToRetire * 1000, stopTimeoutSeconds: input.settings.stopTimeout });
    deps.background(`retire ${input.app}`, retirement);
  }
}

async function startOne(input: SwapInput, plan: ProcessPlan, index: number, deps: SwapDeps): Promise<Started> {
  const label = `${plan.process}.${index}`;
  deps.out.step(`starting ${label}${plan.command ? `: ${plan.command}` : ''}`);
  const spec = processContainerSpec({ ...input, process: plan.process, index, command: plan.command, restartPolicy: restartPolicy(input.settings.restartPolicy) });
  const id = await deps.docker.createContainer(spec);
  try {
    await input.afterCreate?.(id, plan.process);
    await deps.docker.startContainer(id);
    const port = plan.process === 'web' ? await deps.docker.hostPort(id, input.webPort ?? WEB_PORT) : undefined;
    return { id, label, port, plan };
  } catch (err) {
    const lines = await deps.docker.logsTail(id, 20).catch(() => []);
    for (const line of lines) deps.out.detail(line);
    await deps.docker.removeContainer(id);
    throw err;
  }
}

async function showLogs(deps: SwapDeps, started: Started[]): Promise<void> {
  for (const c of started) {
    const lines = await deps.docker.logsTail(c.id, 20).catch(() => []);
    if (!lines.length) continue;
    deps.out.error(`last log lines of ${c.label}:`);
    for (const line of lines) deps.out.detail(line);
  }
}

/** Every container of the app this daemon made, running or not. */
export function appContainers(docker: Docker, instance: string, app: string): Promise<ContainerInfo[]> {
  return docker.listContainers(appLabels(instance, app));
}
