/**
 * The only module that talks to the Docker engine. Specs (names, labels, env,
 * mounts) are built by pure functions elsewhere; this module just carries them
 * out and turns the engine's answers into plain values and typed errors.
 */
import Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { execAttached, type ExecApi, type ExecSession, type ExecSpec, type ExecStreams, type TerminalSize } from './docker/exec.js';
import { DockerNetworks } from './docker/networks.js';
import { demux, firstFileOf, lineSplitter, splitLines, TooLarge } from './docker/streams.js';
import { DockerSwarm, type SwarmApi } from './docker/swarm.js';
import type { Pack } from 'tar-stream';
import { EngineDownError, StageError } from './core/errors.js';
import { LABEL } from './docker/labels.js';

export type ContainerSpec = Dockerode.ContainerCreateOptions;
/** A tar stream: a node Readable or tar-stream's own pack stream. */
export type TarStream = Readable | NodeJS.ReadableStream | Pack;
export type Labels = Record<string, string>;

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: string;
  labels: Labels;
}

export interface RunHooks {
  /** Runs after create, before start (e.g. copy files in). */
  beforeStart?: (id: string) => Promise<void>;
  /** Runs after exit, before removal (e.g. commit). */
  afterExit?: (id: string, exitCode: number) => Promise<void>;
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  restarting: boolean;
  restartCount: number;
  /** Epoch milliseconds. */
  startedAt: number;
  /** The kernel killed it for exceeding its memory limit. */
  oomKilled: boolean;
}

export interface BuildOptions {
  tag: string;
  labels: Labels;
  dockerfile?: string;
  buildargs?: Record<string, string>;
  target?: string;
  nocache?: boolean;
  /** The network RUN steps join (the app's own). */
  networkmode?: string;
}

/** What berth needs to know of an image to decide whether an app may use it. */
export interface ImageFacts {
  id: string;
  repoTags: string[];
  labels: Labels;
  env: string[];
}


interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** One change the engine reports (a container started, died …). */
export interface EngineEvent {
  action: string;
  id: string;
  labels: Labels;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export class Docker {
  private readonly api: Dockerode;
  /** Bridge networks (an app's own). */
  readonly networks: DockerNetworks;
  /** Services, tasks, nodes and registry pushes (the swarm scheduler). */
  readonly swarm: DockerSwarm;

  constructor(readonly socketPath = DEFAULT_SOCKET) {
    this.api = new Dockerode({ socketPath });
    explainUnreachable(this.api, socketPath);
    this.networks = new DockerNetworks(this.api);
    this.swarm = new DockerSwarm(this.api as unknown as SwarmApi);
  }

  async ping(): Promise<void> {
    await this.api.ping();
  }

  /**
   * Subscribes to the engine's container events for objects with `labels`;
   * `ended` settles when the stream ends (the engine went away) or `signal` aborts.
   */
  async followEvents(labels: Labels, onEvent: (e: EngineEvent) => void, signal: AbortSignal): Promise<{ ended: Promise<void> }> {
    const stream = (await this.api.getEvents({ filters: { type: ['container'], label: labelFilter(labels) }, abortSignal: signal })) as NodeJS.ReadableStream;
    const lines = lineSplitter((line) => {
      const msg = parseEvent(line);
      if (msg) onEvent(msg);
    });
    stream.pipe(lines.writable);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve).on('close', resolve).on('error', () => resolve());
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return { ended };
  }

  /**
   * Builds an image from a tar stream. Build failures arrive inside the
   * progress stream, not as a failed call, so every message is checked.
   */
  async build(context: TarStream, opts: BuildOptions, onLine: (line: string) => void): Promise<string> {
    const stream = await this.api.buildImage(context as NodeJS.ReadableStream, {
      t: opts.tag,
      labels: opts.labels,
      dockerfile: opts.dockerfile,
      buildargs: opts.buildargs,
      target: opts.target,
      nocache: opts.nocache,
      networkmode: opts.networkmode,
      rm: true,
      forcerm: true,
    });
    let imageId = '';
    let failure: string | undefined;
    await new Promise<void>((resolve, reject) => {
      this.api.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (msg: BuildMessage) => {
          if (msg.error) failure = msg.errorDetail?.message ?? msg.error;
          if (msg.aux?.ID) imageId = msg.aux.ID;
          for (const line of splitLines(msg.stream ?? msg.status ?? '')) onLine(line);
        },
      );
    });
    if (failure) throw new StageError('build', failure.trim());
    return imageId || (await this.api.getImage(opts.tag).inspect()).Id;
  }

  async imageId(ref: string): Promise<string | undefined> {
    try {
      return (await this.api.getImage(ref).inspect()).Id;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** An image's id, tags, labels and Env; undefined when the engine has no such image. */
  async imageFacts(ref: string): Promise<ImageFacts | undefined> {
    try {
      const info = await this.api.getImage(ref).inspect();
      return { id: info.Id, repoTags: info.RepoTags ?? [], labels: info.Config?.Labels ?? {}, env: info.Config?.Env ?? [] };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Everything the engine says about an image (`docker inspect` and `docker history`), as JSON text. */
  async imageMetadata(ref: string): Promise<string> {
    const image = this.api.getImage(ref);
    return JSON.stringify([await image.inspect(), await image.history()]);
  }

  /** What an image says about itself: its WORKDIR, labels, EXPOSEd ports (`3000/tcp`) and whether it has a CMD or ENTRYPOINT. */
  async imageConfig(ref: string): Promise<{ workdir: string; labels: Labels; exposedPorts: string[]; hasCommand: boolean }> {
    const config = (await this.api.getImage(ref).inspect()).Config;
    const hasCommand = Boolean(config?.Cmd?.length || config?.Entrypoint?.length);
    return { workdir: config?.WorkingDir || '/', labels: config?.Labels ?? {}, exposedPorts: Object.keys(config?.ExposedPorts ?? {}), hasCommand };
  }

  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    await this.api.getImage(ref).tag({ repo, tag });
  }

  async listImages(labels: Labels): Promise<{ id: string; tags: string[] }[]> {
    const images = await this.api.listImages({ all: false, filters: { label: labelFilter(labels) } });
    return images.map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>') }));
  }

  /** Removes an image by tag or id; a missing image is not an error. */
  async removeImage(ref: string, force = false): Promise<void> {
    await ignoreNotFound(this.api.getImage(ref).remove({ force }));
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.api.createContainer(spec);
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.api.getContainer(id).start();
  }

  /** The host port published for `containerPort/tcp`, once started. */
  async hostPort(id: string, containerPort: number): Promise<number> {
    const info = await this.api.getContainer(id).inspect();
    const binding = info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0];
    if (!binding?.HostPort) throw new StageError('deploy', `container ${id.slice(0, 12)} has no published port ${containerPort}`);
    return Number(binding.HostPort);
  }

  /** The container's address on each network it joined. */
  async containerAddresses(id: string): Promise<Record<string, string>> {
    const networks = (await this.api.getContainer(id).inspect()).NetworkSettings.Networks ?? {};
    return Object.fromEntries(Object.entries(networks).map(([name, n]) => [name, n.IPAddress]));
  }

  async containerState(id: string): Promise<ContainerState> {
    const info = await this.api.getContainer(id).inspect();
    return {
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      restarting: info.State.Restarting,
      restartCount: info.RestartCount,
      startedAt: Date.parse(info.State.StartedAt),
      oomKilled: info.State.OOMKilled,
    };
  }

  /** The engine's HostConfig of a container, as it applied it (limits, binds, networks). */
  async hostConfig(id: string): Promise<Dockerode.HostConfig> {
    return (await this.api.getContainer(id).inspect()).HostConfig;
  }

  /** Files' text from an image (undefined when absent), without running it; one scratch container. */
  async readFiles(image: string, filePaths: string[], maxBytes: number, labels: Labels = {}): Promise<(string | undefined)[]> {
    const container = await this.api.createContainer({ Image: image, Entrypoint: ['/nonexistent'], Labels: { ...labels, [LABEL.scratch]: '1' } });
    try {
      return await Promise.all(
        filePaths.map(async (path) => {
          try {
            return await firstFileOf(await container.getArchive({ path }), maxBytes);
          } catch (err) {
            if (isNotFound(err)) return undefined;
            if (err instanceof TooLarge) throw new StageError('release', `${path} in the image is larger than ${maxBytes / 1024} KiB`, { cause: err });
            throw err;
          }
        }),
      );
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  /**
   * Runs a container to completion with its output streamed line by line,
   * then removes it. Resolves with its exit code.
   */
  async runToCompletion(spec: ContainerSpec, onLine: (line: string) => void, signal?: AbortSignal, hooks: RunHooks = {}): Promise<number> {
    const container = await this.api.createContainer(spec);
    const onAbort = () => void container.kill().catch(() => undefined);
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const lines = lineSplitter(onLine);
      const ended = new Promise<void>((resolve) => stream.on('end', resolve).on('close', resolve).on('error', () => resolve()));
      this.api.modem.demuxStream(stream, lines.writable, lines.writable);
      await hooks.beforeStart?.(container.id);
      await container.start();
      signal?.addEventListener('abort', onAbort, { once: true });
      const result = (await container.wait()) as { StatusCode: number };
      await ended;
      lines.flush();
      await hooks.afterExit?.(container.id, result.StatusCode);
      return result.StatusCode;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // v: anonymous volumes (a build's config) go with the container.
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  /** The last `lines` lines the container wrote to stdout and stderr. */
  async logsTail(id: string, lines: number): Promise<string[]> {
    try {
      const buf = (await this.api.getContainer(id).logs({ stdout: true, stderr: true, tail: lines })) as Buffer;
      return splitLines(demux(buf));
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  /** The container's output, line by line; with `follow`, until it stops or `signal` aborts. */
  async streamLogs(id: string, opts: { follow: boolean; tail: number }, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
    const container = this.api.getContainer(id);
    if (!opts.follow) {
      const buf = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: false })) as Buffer;
      for (const line of splitLines(demux(buf))) onLine(line);
      return;
    }
    const stream = (await container.logs({ stdout: true, stderr: true, tail: opts.tail, follow: true })) as NodeJS.ReadableStream & { destroy(): void };
    const lines = lineSplitter(onLine);
    this.api.modem.demuxStream(stream, lines.writable, lines.writable);
    await new Promise<void>((resolve) => {
      stream.on('end', resolve).on('close', resolve).on('error', () => resolve());
      signal?.addEventListener('abort', () => (stream.destroy(), resolve()), { once: true });
    });
    lines.flush();
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.api.getContainer(id).stop({ t: timeoutSeconds });
    } catch (err) {
      // 304: already stopped.
      if (isNotFound(err) || statusOf(err) === 304) return;
      throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreNotFound(this.api.getContainer(id).remove({ force: true, v: true }));
  }

  async listContainers(labels: Labels, all = true): Promise<ContainerInfo[]> {
    const list = await this.api.listContainers({ all, filters: { label: labelFilter(labels) } });
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      labels: c.Labels,
    }));
  }

  async putArchive(id: string, tarStream: TarStream, path: string): Promise<void> {
    await this.api.getContainer(id).putArchive(tarStream as NodeJS.ReadableStream, { path });
  }

  /** Commits a container as `repo:tag` with a new CMD and labels; returns the image id. */
  async commit(id: string, opts: { repo: string; tag: string; cmd: string[]; labels: Labels; workdir?: string }): Promise<string> {
    const changes = [`CMD ${JSON.stringify(opts.cmd)}`, ...Object.entries(opts.labels).map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`)];
    if (opts.workdir) changes.push(`WORKDIR ${opts.workdir}`);
    const res = (await this.api.getContainer(id).commit({ repo: opts.repo, tag: opts.tag, changes })) as { Id: string };
    return res.Id;
  }

  async ensureVolume(name: string, labels: Labels): Promise<void> {
    await this.api.createVolume({ Name: name, Labels: labels });
  }

  /** Volume sizes in bytes, as `docker system df -v` counts them. */
  async volumeSizes(): Promise<Record<string, number>> {
    const df = (await this.api.df()) as { Volumes?: { Name: string; UsageData?: { Size: number } }[] };
    return Object.fromEntries((df.Volumes ?? []).map((v) => [v.Name, Math.max(0, v.UsageData?.Size ?? 0)]));
  }

  /** Every `repo:tag` of a repository, such as berth/APP, whatever its labels. */
  async listTags(repo: string): Promise<string[]> {
    const images = await this.api.listImages({ filters: { reference: [repo] } });
    return images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t.startsWith(`${repo}:`)));
  }

  async listDanglingImages(labels: Labels): Promise<string[]> {
    const images = await this.api.listImages({ filters: { label: labelFilter(labels), dangling: ['true'] } });
    return images.map((i) => i.Id);
  }

  async listVolumes(labels: Labels): Promise<string[]> {
    const res = await this.api.listVolumes({ filters: { label: labelFilter(labels) } });
    return (res.Volumes ?? []).map((v) => v.Name);
  }

  async removeVolume(name: string): Promise<void> {
    await ignoreNotFound(this.api.getVolume(name).remove());
  }

  /** A user-defined bridge network; false when one of that name exists. */
  async createNetwork(name: string, labels: Labels): Promise<boolean> {
    if (await this.networkInfo(name)) return false;
    await this.api.createNetwork({ Name: name, Driver: 'bridge', Labels: labels, CheckDuplicate: true });
    return true;
  }

  async networkInfo(name: string): Promise<{ name: string; id: string; driver: string; labels: Labels; containers: string[] } | undefined> {
    try {
      const n = (await this.api.getNetwork(name).inspect()) as { Name: string; Id: string; Driver: string; Labels?: Labels; Containers?: Record<string, { Name: string }> };
      return { name: n.Name, id: n.Id, driver: n.Driver, labels: n.Labels ?? {}, containers: Object.values(n.Containers ?? {}).map((c) => c.Name) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async listNetworks(labels: Labels): Promise<string[]> {
    const list = await this.api.listNetworks({ filters: { label: labelFilter(labels) } });
    return list.map((n) => n.Name).sort();
  }

  async removeNetwork(name: string): Promise<void> {
    await ignoreNotFound(this.api.getNetwork(name).remove());
  }

  async connectNetwork(network: string, containerId: string, aliases: string[]): Promise<void> {
    await this.api.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } });
  }

  /**
   * Runs a process in a running container (`enter`) with the client's streams
   * attached, and a TTY of `size` when `spec.Tty`.
   */
  async execStream(containerId: string, spec: ExecSpec, io: ExecStreams, size?: TerminalSize): Promise<ExecSession> {
    return execAttached(this.api as unknown as ExecApi, containerId, spec, io, size);
  }
}

function parseEvent(line: string): EngineEvent | undefined {
  try {
    const msg = JSON.parse(line) as { Action?: string; Actor?: { ID?: string; Attributes?: Labels } };
    if (!msg.Action || !msg.Actor?.ID) return undefined;
    return { action: msg.Action, id: msg.Actor.ID, labels: msg.Actor.Attributes ?? {} };
  } catch {
    return undefined;
  }
}

// Every call goes through the modem's dial: an engine that is not there
// becomes one clear line for the user instead of a socket error.
function explainUnreachable(api: Dockerode, socketPath: string): void {
  const modem = api.modem as { dial: (options: unknown, callback: (err: unknown, data: unknown) => void) => void };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) =>
    dial(options, (err, data) => callback(isUnreachable(err) ? new EngineDownError(socketPath, { cause: err }) : err, data));
}

function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE';
}

function labelFilter(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
