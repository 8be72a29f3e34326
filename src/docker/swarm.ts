/**
 * Swarm calls for src/docker.ts (services, tasks, nodes, overlay networks,
 * registry pushes), which stays the only module importing dockerode: this one
 * sees the client through the few methods it uses. Specs come from
 * src/scheduler/swarm/spec.ts; answers go back as the plain shapes of
 * src/scheduler/swarm/tasks.ts.
 */
import type { Labels } from '../docker.js';
import { demux, lineSplitter } from './streams.js';
import { StageError } from '../core/errors.js';
import type { ServiceSpec } from '../scheduler/swarm/spec.js';
import type { SwarmNode, SwarmTask, UpdateStatus } from '../scheduler/swarm/tasks.js';

/** Registry credentials as the engine takes them (X-Registry-Auth); empty for a registry without auth. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  serveraddress?: string;
}

export interface ServiceInfo {
  id: string;
  name: string;
  version: number;
  labels: Labels;
  updateStatus?: UpdateStatus;
}

interface RawService {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Name?: string; Labels?: Labels };
  UpdateStatus?: UpdateStatus;
}

interface Streamed extends NodeJS.ReadableStream {
  destroy(): void;
}

export interface SwarmApi {
  createService(auth: RegistryAuth, spec: object): Promise<{ id?: string; ID?: string }>;
  getService(id: string): { inspect(): Promise<RawService>; remove(): Promise<unknown>; logs(opts: object): Promise<unknown> };
  listServices(opts: object): Promise<RawService[]>;
  listTasks(opts: object): Promise<SwarmTask[]>;
  listNodes(opts?: object): Promise<SwarmNode[]>;
  getImage(name: string): { tag(opts: object): Promise<unknown>; push(opts: object): Promise<unknown>; remove(opts?: object): Promise<unknown> };
  createNetwork(opts: object): Promise<unknown>;
  modem: { demuxStream(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void; followProgress(stream: NodeJS.ReadableStream, done: (err: Error | null, out: unknown[]) => void): void };
}

export class DockerSwarm {
  constructor(private readonly api: SwarmApi) {}

  /**
   * Pushes `ref` (tagged `registry/repo:tag` first) and resolves with the
   * digest the registry gave it. A failed push arrives inside the progress
   * stream, not as a failed call.
   */
  async push(ref: string, target: { repo: string; tag: string }, auth: RegistryAuth): Promise<string> {
    await this.api.getImage(ref).tag({ repo: target.repo, tag: target.tag });
    const name = `${target.repo}:${target.tag}`;
    const stream = (await this.api.getImage(name).push({ authconfig: auth })) as NodeJS.ReadableStream;
    const messages = await new Promise<unknown[]>((resolve, reject) => this.api.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))));
    // The registry tag is only the way there; the local one is enough.
    await this.api.getImage(name).remove().catch(() => undefined);
    let digest: string | undefined;
    for (const m of messages as { error?: string; aux?: { Digest?: string } }[]) {
      if (m.error) throw new StageError('build', `pushing ${name} failed: ${m.error}`);
      digest = m.aux?.Digest ?? digest;
    }
    if (!digest) throw new StageError('build', `pushing ${name} gave no digest`);
    return digest;
  }

  /** Creates an attachable overlay network unless one of that name exists. */
  async ensureOverlay(name: string, labels: Labels): Promise<void> {
    try {
      await this.api.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: labels });
    } catch (err) {
      if (statusOf(err) !== 409 && !/already exists/i.test(String((err as Error).message))) throw err;
    }
  }

  /** Creates a service; the auth goes with it, so every node can pull the image. */
  async createService(spec: ServiceSpec, auth: RegistryAuth): Promise<string> {
    const created = await this.api.createService(auth, spec);
    return (created.ID ?? created.id) as string;
  }

  async service(name: string): Promise<ServiceInfo | undefined> {
    try {
      return serviceInfo(await this.api.getService(name).inspect());
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async services(labels: Labels): Promise<ServiceInfo[]> {
    return (await this.api.listServices({ filters: { label: labelFilter(labels) } })).map(serviceInfo);
  }

  async removeService(name: string): Promise<void> {
    try {
      await this.api.getService(name).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }

  /** The tasks of the services with `labels`, every state. */
  tasks(labels: Labels): Promise<SwarmTask[]> {
    return this.api.listTasks({ filters: { label: labelFilter(labels) } });
  }

  serviceTasks(service: string): Promise<SwarmTask[]> {
    return this.api.listTasks({ filters: { service: [service] } });
  }

  nodes(): Promise<SwarmNode[]> {
    return this.api.listNodes();
  }

  /** A service's output line by line (each prefixed by Swarm with its task); with `follow` until it ends or `signal` aborts. */
  async logs(service: string, opts: { follow: boolean; tail?: number }, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
    const stream = (await this.api.getService(service).logs({ stdout: true, stderr: true, follow: opts.follow, ...(opts.tail === undefined ? {} : { tail: opts.tail }) })) as Streamed | Buffer;
    const lines = lineSplitter(onLine);
    if (Buffer.isBuffer(stream)) {
      lines.writable.end(demux(stream));
      return lines.flush();
    }
    this.api.modem.demuxStream(stream, lines.writable, lines.writable);
    await new Promise<void>((resolve) => {
      stream.on('end', resolve).on('close', resolve).on('error', () => resolve());
      signal?.addEventListener('abort', () => (stream.destroy(), resolve()), { once: true });
    });
    lines.flush();
  }
}

function serviceInfo(s: RawService): ServiceInfo {
  return { id: s.ID, name: s.Spec?.Name ?? '', version: s.Version?.Index ?? 0, labels: s.Spec?.Labels ?? {}, ...(s.UpdateStatus ? { updateStatus: s.UpdateStatus } : {}) };
}

function labelFilter(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}
