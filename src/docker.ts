/**
 * The only module that talks to the Docker engine. Specs (names, labels, env,
 * mounts) are built by pure functions elsewhere; this module just carries them
 * out and turns the engine's answers into plain values and typed errors.
 */
import Dockerode from 'dockerode';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Pack } from 'tar-stream';
import { StageError } from './errors.js';

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

export interface ContainerState {
  running: boolean;
  exitCode: number;
  restarting: boolean;
  restartCount: number;
  /** Epoch milliseconds. */
  startedAt: number;
}

export interface BuildOptions {
  tag: string;
  labels: Labels;
  dockerfile?: string;
  buildargs?: Record<string, string>;
  target?: string;
  nocache?: boolean;
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export class Docker {
  private readonly api: Dockerode;

  constructor(socketPath = '/var/run/docker.sock') {
    this.api = new Dockerode({ socketPath });
  }

  async ping(): Promise<void> {
    await this.api.ping();
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

  async imageWorkdir(ref: string): Promise<string> {
    return (await this.api.getImage(ref).inspect()).Config?.WorkingDir || '/';
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

  async containerState(id: string): Promise<ContainerState> {
    const info = await this.api.getContainer(id).inspect();
    return {
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      restarting: info.State.Restarting,
      restartCount: info.RestartCount,
      startedAt: Date.parse(info.State.StartedAt),
    };
  }

  /** A file's text from an image (undefined when absent), without running it. */
  async readFile(image: string, path: string): Promise<string | undefined> {
    const container = await this.api.createContainer({ Image: image, Entrypoint: ['/nonexistent'], Labels: { 'berth.scratch': '1' } });
    try {
      const archive = await container.getArchive({ path });
      return await firstFileOf(archive);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  /**
   * Runs a container to completion with its output streamed line by line,
   * then removes it. Resolves with its exit code.
   */
  async runToCompletion(spec: ContainerSpec, onLine: (line: string) => void, signal?: AbortSignal): Promise<number> {
    const container = await this.api.createContainer(spec);
    const onAbort = () => void container.kill().catch(() => undefined);
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const lines = lineSplitter(onLine);
      const ended = new Promise<void>((resolve) => stream.on('end', resolve).on('close', resolve));
      this.api.modem.demuxStream(stream, lines.writable, lines.writable);
      await container.start();
      signal?.addEventListener('abort', onAbort, { once: true });
      const result = (await container.wait()) as { StatusCode: number };
      await ended;
      lines.flush();
      return result.StatusCode;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await container.remove({ force: true }).catch(() => undefined);
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

  async listVolumes(labels: Labels): Promise<string[]> {
    const res = await this.api.listVolumes({ filters: { label: labelFilter(labels) } });
    return (res.Volumes ?? []).map((v) => v.Name);
  }

  async removeVolume(name: string): Promise<void> {
    await ignoreNotFound(this.api.getVolume(name).remove());
  }
}

async function firstFileOf(archive: NodeJS.ReadableStream): Promise<string | undefined> {
  const extract = tar.extract();
  let text: string | undefined;
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      if (text === undefined && header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
      next();
    });
  });
  await pipeline(archive, extract);
  return text;
}

/** A writable that calls `onLine` per line, however the output is chunked. */
function lineSplitter(onLine: (line: string) => void): { writable: Writable; flush: () => void } {
  let pending = '';
  const writable = new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const line of parts) onLine(line);
      done();
    },
  });
  return { writable, flush: () => pending && onLine(pending) };
}

function labelFilter(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}

/** Docker multiplexes stdout/stderr with 8-byte frame headers when no TTY. */
function demux(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2 || buf[i] === 0)) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? buf.toString('utf8') : Buffer.concat(parts).toString('utf8');
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
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
