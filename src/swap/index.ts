/**
 * The swap stage (the docker-local scheduler): start the new containers,
 * prove them, point the router at them in one step, then retire the old
 * ones once their in-flight requests are done. A failure before the switch
 * removes the new containers; the old ones never stopped.
 */
import type { Docker, ContainerInfo } from '../docker.js';
import { StageError } from '../errors.js';
import { instanceLabels } from '../labels.js';
import type { Log } from '../log.js';
import type { Output } from '../output.js';
import type { Router, Upstream } from '../router/index.js';
import { waitForHttp } from './check.js';
import { processContainerSpec, WEB_PORT, type ProcessContainer } from './container-spec.js';
import { retire } from './retire.js';

export interface SwapInput {
  app: string;
  deployId: number;
  image: string;
  instance: string;
  env: Record<string, string>;
  hosts: string[];
  /** Containers per process type, e.g. { web: 1 }. */
  formation: Record<string, number>;
}

export interface SwapDeps {
  docker: Docker;
  router: Router;
  out: Output;
  log: Log;
  readyTimeoutMs: number;
  drainTimeoutMs: number;
  /** Hands the retirement of the old release to the daemon's background work. */
  background: (what: string, work: Promise<unknown>) => void;
  signal?: AbortSignal;
}

interface Started {
  id: string;
  label: string;
  process: string;
  upstream?: Upstream;
}

export async function swap(input: SwapInput, deps: SwapDeps): Promise<void> {
  const previous = await appContainers(deps.docker, input.instance, input.app);
  const started: Started[] = [];
  try {
    for (const [process, count] of Object.entries(input.formation)) {
      for (let index = 1; index <= count; index++) started.push(await startOne(input, process, index, deps));
    }
    for (const c of started.filter((s) => s.upstream)) {
      deps.out.step(`checking ${c.label}: waiting for it to answer HTTP`);
      await waitForHttp(deps.docker, { id: c.id, label: c.label, port: (c.upstream as Upstream).port }, deps.readyTimeoutMs, deps.signal);
    }
  } catch (err) {
    await showLogs(deps, started);
    for (const c of started) await deps.docker.removeContainer(c.id);
    throw err instanceof StageError ? err : new StageError('deploy', `starting the new containers failed: ${String(err)}`, { cause: err });
  }
  const upstreams = started.flatMap((s) => (s.upstream ? [s.upstream] : []));
  deps.router.setRoute(input.app, input.hosts, upstreams);
  deps.log({ event: 'routed', app: input.app, deploy: input.deployId, stage: 'deploy', upstreams });
  const old = previous.filter((c) => c.labels['berth.deploy'] !== String(input.deployId));
  if (old.length) {
    deps.out.step(`retiring ${old.length} old container(s) once their requests finish`);
    deps.background(`retire ${input.app}`, retire(old, deps));
  }
}

async function startOne(input: SwapInput, process: string, index: number, deps: SwapDeps): Promise<Started> {
  const spec: ProcessContainer = { ...input, process, index };
  const label = `${process}.${index}`;
  deps.out.step(`starting ${label}`);
  const id = await deps.docker.createContainer(processContainerSpec(spec));
  await deps.docker.startContainer(id);
  if (process !== 'web') return { id, label, process };
  return { id, label, process, upstream: { host: '127.0.0.1', port: await deps.docker.hostPort(id, WEB_PORT) } };
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
  return docker.listContainers({ ...instanceLabels(instance), 'berth.app': app });
}
