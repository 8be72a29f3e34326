/**
 * Reading what Swarm reports: tasks and nodes into berth's instances and the
 * router's upstreams, a job's end, a service's update status. Pure.
 */
import { LABEL } from '../../docker/labels.js';
import { webPortOf } from '../../swap/container-spec.js';
import type { Instance } from '../types.js';

/** The fields of a task berth reads (the engine's `GET /tasks`). */
export interface SwarmTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  Spec?: { ContainerSpec?: { Labels?: Record<string, string> } };
  Status?: {
    State?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] };
  };
}

/** The fields of a node berth reads (`GET /nodes`). */
export interface SwarmNode {
  ID: string;
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Addr?: string };
}

export interface UpdateStatus {
  State?: string;
  Message?: string;
}

/** A node's address as the router reaches it; a manager may report 0.0.0.0 and keep its own in ManagerStatus. */
export function nodeAddress(node: SwarmNode): string | undefined {
  const addr = node.Status?.Addr;
  if (addr && addr !== '0.0.0.0') return addr;
  return node.ManagerStatus?.Addr?.replace(/:\d+$/, '');
}

/** Every task Swarm means to run (desired `running`) as an instance; a web task's endpoint is its node's address and host port. */
export function instancesOf(tasks: SwarmTask[], nodes: SwarmNode[]): Instance[] {
  const byId = new Map(nodes.map((n) => [n.ID, n]));
  return tasks
    .filter((t) => t.DesiredState === 'running')
    .map((t) => {
      const labels = t.Spec?.ContainerSpec?.Labels ?? {};
      const node = t.NodeID ? byId.get(t.NodeID) : undefined;
      const process = labels[LABEL.process] ?? '';
      const port = t.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === webPortOf(labels))?.PublishedPort;
      const host = node ? nodeAddress(node) : undefined;
      const endpoint = process === 'web' && port && host ? { endpoint: { host, port } } : {};
      return {
        id: t.ID,
        name: `${labels[LABEL.app] ?? ''}.${process}.${t.Slot ?? 0}`,
        process,
        index: t.Slot ?? 0,
        deployId: Number(labels[LABEL.deploy]),
        state: nodeDown(node) ? 'node-down' : (t.Status?.State ?? 'unknown'),
        node: node?.Description?.Hostname ?? t.NodeID ?? '',
        ...endpoint,
      };
    })
    .sort((a, b) => a.process.localeCompare(b.process) || a.index - b.index);
}

/** Instances the router may send to: running, on a ready node, with an endpoint. */
export function routable(instances: Instance[]): Instance[] {
  return instances.filter((i) => i.state === 'running' && i.endpoint);
}

function nodeDown(node: SwarmNode | undefined): boolean {
  return node !== undefined && node.Status?.State !== 'ready';
}

/** Why a task failed, if one did: Swarm replaces it, but a release that crashes or cannot be pulled must not wait for its deadline. */
export function failureOf(tasks: SwarmTask[], nodes: SwarmNode[]): string | undefined {
  const t = tasks.find((x) => ['failed', 'rejected'].includes(x.Status?.State ?? ''));
  if (!t) return undefined;
  const labels = t.Spec?.ContainerSpec?.Labels ?? {};
  const node = nodes.find((n) => n.ID === t.NodeID)?.Description?.Hostname ?? t.NodeID ?? '?';
  const code = t.Status?.ContainerStatus?.ExitCode;
  return `${labels[LABEL.process] ?? 'a task'}.${t.Slot ?? 0} on ${node} ${t.Status?.State}${code ? ` with exit code ${code}` : ''}${t.Status?.Err ? `: ${t.Status.Err}` : ''}`;
}

/** How a one-shot job ended: still going, or its exit code and why. */
export function jobOutcome(tasks: SwarmTask[]): { done: false } | { done: true; exitCode: number; reason?: string } {
  const ended = tasks.find((t) => ['complete', 'failed', 'rejected', 'orphaned'].includes(t.Status?.State ?? ''));
  if (!ended) return { done: false };
  const state = ended.Status?.State;
  if (state === 'complete') return { done: true, exitCode: 0 };
  const code = ended.Status?.ContainerStatus?.ExitCode;
  return { done: true, exitCode: code || 1, ...(ended.Status?.Err ? { reason: ended.Status.Err } : {}) };
}

/**
 * Whether an update of a service in place has really completed. Swarm calls
 * a rolled-back update converged too; only `completed` is success. A service
 * never updated has no status: nothing is pending.
 */
export function updateOutcome(status: UpdateStatus | undefined): 'done' | 'pending' | { failed: string } {
  const state = status?.State;
  if (state === undefined || state === 'completed') return 'done';
  if (state === 'updating') return 'pending';
  return { failed: `${state.replace('_', ' ')}${status?.Message ? `: ${status.Message}` : ''}` };
}
