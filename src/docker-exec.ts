/**
 * Attached exec for src/docker.ts (`enter`): the client's stdin, stdout and
 * stderr wired to a process in a running container, with a TTY when the
 * client has a terminal. Sees the client through the few methods it uses.
 */
import type { Duplex } from 'node:stream';

/** The engine's exec create options, as `execSpec` builds them. */
export interface ExecSpec {
  Cmd: string[];
  Env: string[];
  Tty: boolean;
  AttachStdin: true;
  AttachStdout: true;
  AttachStderr: true;
}

export interface TerminalSize {
  rows: number;
  cols: number;
}

export interface ExecStreams {
  /** The process's stdin; its end closes the process's stdin. None: closed at once. */
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Unused with a TTY: the terminal carries both. */
  stderr: NodeJS.WritableStream;
  /** Ends the session (the client left); the process may linger, as with `docker exec`. */
  signal?: AbortSignal;
}

export interface ExecSession {
  /** Tells the process's terminal its new size (a window change). */
  resize(size: TerminalSize): Promise<void>;
  /** The process's exit code, once its output has ended. */
  exitCode: Promise<number>;
}

interface ExecHandle {
  start(opts: object): Promise<unknown>;
  resize(opts: object): Promise<unknown>;
  inspect(): Promise<unknown>;
}

export interface ExecApi {
  getContainer(id: string): { exec(opts: object): Promise<ExecHandle> };
  modem: { demuxStream(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void };
}

export async function execAttached(api: ExecApi, containerId: string, spec: ExecSpec, io: ExecStreams, size?: TerminalSize): Promise<ExecSession> {
  const exec = await api.getContainer(containerId).exec(spec);
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: spec.Tty })) as Duplex;
  const resize = async (s: TerminalSize) => {
    if (spec.Tty && s.rows > 0 && s.cols > 0) await exec.resize({ h: s.rows, w: s.cols }).catch(() => undefined);
  };
  if (size) await resize(size);
  if (spec.Tty) stream.pipe(io.stdout as NodeJS.WritableStream & Duplex, { end: false });
  else api.modem.demuxStream(stream, io.stdout, io.stderr);
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve).on('close', resolve).on('error', () => resolve());
    io.signal?.addEventListener('abort', () => (stream.destroy(), resolve()), { once: true });
  });
  feedStdin(stream, io.stdin);
  const exitCode = ended.then(async () => {
    io.stdin?.unpipe?.(stream);
    return exitCodeOf(exec);
  });
  return { resize, exitCode };
}

// Ending our side of the hijacked connection is what closes the process's stdin.
function feedStdin(stream: Duplex, stdin: NodeJS.ReadableStream | undefined): void {
  stream.on('error', () => undefined);
  if (!stdin) return void stream.end();
  stdin.pipe(stream);
}

// The output can end a moment before the engine records the exit: ask until it has.
async function exitCodeOf(exec: ExecHandle): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = (await exec.inspect()) as { Running: boolean; ExitCode: number | null };
    if (!info.Running) return info.ExitCode ?? 1;
    await new Promise((r) => setTimeout(r, 20));
  }
  return 1;
}
