/**
 * The swarm scheduler's engine objects as values: one service per app,
 * process type and deploy, a replicated job per release task, the app's
 * attachable overlay network. Pure, tested by equality.
 *
 * A service per deploy (not one updated in place) because berth's own checks
 * must gate traffic: an in-place start-first update stops an old task as soon
 * as its replacement runs, before berth could prove the new one and route to
 * it. A new service is started, proven, routed to, and the old one drained
 * and removed, as docker-local does with containers.
 */
import type { BuilderRuntime } from '../../build/runtime.js';
import { appLabels, LABEL, namePrefix } from '../../docker/labels.js';
import type { SpecFragment } from '../../runtime/fragment.js';
import { WEB_PORT } from '../../swap/container-spec.js';

const NS = 1e9;

/** How long Swarm watches a task after starting it before it counts the update as good (ns). */
export const MONITOR_NS = 5 * NS;

export interface SwarmMount {
  Type: 'bind' | 'volume';
  Source: string;
  Target: string;
  ReadOnly: boolean;
}

export interface ServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Args?: string[];
      Env: string[];
      Labels: Record<string, string>;
      Mounts: SwarmMount[];
      StopGracePeriod: number;
    };
    Resources: { Limits: { MemoryBytes?: number; NanoCPUs?: number }; Reservations: { MemoryBytes?: number } };
    RestartPolicy: { Condition: 'on-failure' | 'none'; MaxAttempts: number };
    Networks: { Target: string; Aliases: string[] }[];
  };
  Mode: { Replicated: { Replicas: number } } | { ReplicatedJob: { MaxConcurrent: number; TotalCompletions: number } };
  UpdateConfig?: UpdatePolicy;
  RollbackConfig?: UpdatePolicy;
  EndpointSpec: { Mode: 'dnsrr'; Ports: { Protocol: 'tcp'; TargetPort: number; PublishMode: 'host' }[] };
}

interface UpdatePolicy {
  Parallelism: number;
  Delay: number;
  Order: 'start-first';
  FailureAction: 'rollback' | 'pause';
  Monitor: number;
  MaxFailureRatio: number;
}

/** What a process service is made of (berth's values, as the seam hands them over). */
export interface ProcessService {
  instance: string;
  app: string;
  process: string;
  deployId: number;
  /** `REGISTRY/REPO@sha256:…`: every node pulls the same bytes. */
  image: string;
  env: Record<string, string>;
  command?: string;
  replicas: number;
  builder: BuilderRuntime;
  webPort: number;
  stopTimeoutSeconds: number;
  runtime?: SpecFragment;
}

export interface JobService {
  instance: string;
  app: string;
  deployId: number;
  image: string;
  env: Record<string, string>;
  /** predeploy, release, postdeploy, run-SUFFIX. */
  name: string;
  /** The command as argv (the builder runtime's task command, or `run`'s). */
  args: string[];
  runtime?: SpecFragment;
}

/** `berth-INSTANCE-APP-PROCESS-DEPLOY`: Swarm names are DNS labels, so no dots. */
export function serviceName(instance: string, app: string, process: string, deployId: number): string {
  return `${namePrefix(instance)}-${app}-${process}-${deployId}`;
}

/** `berth-INSTANCE-APP`: the app's overlay network (a DNS label, as Swarm wants; the bridge `berth-INSTANCE.APP` may exist on the manager). */
export function overlayName(instance: string, app: string): string {
  return `${namePrefix(instance)}-${app}`;
}

/** The labels of a deploy's process service and its containers. */
export function processLabels(s: Pick<ProcessService, 'instance' | 'app' | 'process' | 'deployId' | 'webPort'>): Record<string, string> {
  const web = s.process === 'web';
  return {
    ...appLabels(s.instance, s.app),
    [LABEL.process]: s.process,
    [LABEL.deploy]: String(s.deployId),
    ...(web && s.webPort !== WEB_PORT ? { [LABEL.port]: String(s.webPort) } : {}),
  };
}

/**
 * One process type of one deploy. Web publishes $PORT in host mode with no
 * number: each task gets its own port on its node, which the router reaches
 * (this kernel kind has no IPVS, so no routing mesh and no virtual IPs: dnsrr).
 */
export function processServiceSpec(s: ProcessService): ServiceSpec {
  const web = s.process === 'web';
  const env = { ...s.env, ...(web ? { PORT: String(s.webPort) } : {}) };
  const labels = { ...s.runtime?.Labels, ...processLabels(s) };
  const args = s.builder.processCmd(s.process, s.command);
  const policy = (failure: UpdatePolicy['FailureAction']): UpdatePolicy => ({ Parallelism: 1, Delay: 0, Order: 'start-first', FailureAction: failure, Monitor: MONITOR_NS, MaxFailureRatio: 0 });
  return {
    Name: serviceName(s.instance, s.app, s.process, s.deployId),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: { Image: s.image, ...(args ? { Args: args } : {}), Env: envList(env, s.runtime), Labels: containerLabelsOf(labels), Mounts: mountsOf(s.runtime), StopGracePeriod: s.stopTimeoutSeconds * NS },
      Resources: resourcesOf(s.runtime),
      RestartPolicy: { Condition: 'on-failure', MaxAttempts: 10 },
      Networks: [{ Target: overlayName(s.instance, s.app), Aliases: [s.process] }],
    },
    Mode: { Replicated: { Replicas: s.replicas } },
    // Used when the service is changed in place (an operator's `docker service update`).
    UpdateConfig: policy('rollback'),
    RollbackConfig: policy('pause'),
    EndpointSpec: { Mode: 'dnsrr', Ports: web ? [{ Protocol: 'tcp', TargetPort: s.webPort, PublishMode: 'host' }] : [] },
  };
}

/** `berth-INSTANCE-APP-TASK-DEPLOY`: a release task as a one-shot job. */
export function jobServiceSpec(j: JobService): ServiceSpec {
  const labels = { ...j.runtime?.Labels, ...appLabels(j.instance, j.app), [LABEL.deploy]: String(j.deployId), [LABEL.task]: j.name };
  return {
    Name: serviceName(j.instance, j.app, j.name, j.deployId),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: { Image: j.image, Args: j.args, Env: envList(j.env, j.runtime), Labels: containerLabelsOf(labels), Mounts: mountsOf(j.runtime), StopGracePeriod: 10 * NS },
      Resources: resourcesOf(j.runtime),
      // Its exit code decides; a failed task is not tried again.
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      Networks: [{ Target: overlayName(j.instance, j.app), Aliases: [] }],
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    EndpointSpec: { Mode: 'dnsrr', Ports: [] },
  };
}

/**
 * A task container's labels: the service's with the home's instance blanked.
 * docker-local's reconcile owns every container labelled with the instance
 * on the manager's engine, and a container inherits its image's labels
 * (berth's builds carry the instance), so it must be overridden, not left out.
 */
export function containerLabelsOf(labels: Record<string, string>): Record<string, string> {
  return { ...labels, [LABEL.instance]: '' };
}

function envList(env: Record<string, string>, f: SpecFragment | undefined): string[] {
  return Object.entries({ ...env, ...f?.Env }).map(([k, v]) => `${k}=${v}`);
}

/** `storage:mount` binds (`SRC:DST[:ro]`): a path is a bind on whichever node runs the task, a name a volume there. */
export function mountsOf(f: SpecFragment | undefined): SwarmMount[] {
  return (f?.HostConfig?.Binds ?? []).map((bind) => {
    const [source = '', target = '', mode = ''] = bind.split(':');
    return { Type: source.startsWith('/') ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: mode.split(',').includes('ro') };
  });
}

/** `resource:limit` / `resource:reserve` memory and CPUs, as Swarm takes them. */
export function resourcesOf(f: SpecFragment | undefined): ServiceSpec['TaskTemplate']['Resources'] {
  const h = f?.HostConfig ?? {};
  return {
    Limits: { ...(h.Memory ? { MemoryBytes: h.Memory } : {}), ...(h.NanoCpus ? { NanoCPUs: h.NanoCpus } : {}) },
    Reservations: h.MemoryReservation ? { MemoryBytes: h.MemoryReservation } : {},
  };
}
