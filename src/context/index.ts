/**
 * The build context: `git archive` of the pushed revision (and of its
 * submodules), without the tree ever touching the disk. Git itself picks the
 * subfolder (`REV:DIR`) and places submodules (`--prefix`); berth only joins
 * the archives, passing git's bytes through as they come (tar-splice.ts), so
 * the stage runs at git's own speed.
 */
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { StageError } from '../core/errors.js';
import { archive, type GitEnv } from '../git.js';
import { TarSplice } from './tar-splice.js';

export interface ArchiveSource {
  repo: string;
  rev: string;
  gitEnv: GitEnv;
  /** Where its files go in the tree (a submodule's path). */
  prefix?: string;
}

export interface ContextInput extends ArchiveSource {
  /** A subfolder of the tree to use as the context root (monorepos). */
  subdir?: string;
  /** More trees to merge in, such as submodules. */
  extra?: ArchiveSource[];
  /** Extra files to place in the context, by path. */
  inject?: Record<string, string>;
}

export interface BuildContext {
  tar: Readable;
  /** Settles when the whole context has been produced; rejects if git failed. */
  done: Promise<void>;
  /** Stops producing (a builder that failed will not read the rest). */
  cancel: () => void;
}

/** Two zero blocks: the end of a tar archive. */
const END = Buffer.alloc(1024);

export function streamContext(input: ContextInput, signal?: AbortSignal): BuildContext {
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const sources = archiveSources(input);
  if (sources.length === 1 && !Object.keys(input.inject ?? {}).length) return gitsOwn(sources[0] as ArchiveSource, stop, stopped);
  // A plain Readable fed by push(): no Transform between git's pipe and the builder.
  let source: Readable | undefined;
  const out = new Readable({ highWaterMark: 1 << 20, read: () => source?.resume() });
  const halt = (reason: Error) => stop.signal.aborted || stop.abort(reason);
  // Whatever reads the context (the engine's build or putArchive request) may
  // die mid-stream: every stream here has its error handled, and a reader
  // that went away stops the producer instead of throwing into the void.
  out.on('error', (err: Error) => halt(err));
  out.on('close', () => out.readableEnded || halt(new Error('the build stopped reading its context')));

  const produce = async () => {
    let kept = 0;
    for (const from of sources) {
      stopped.throwIfAborted();
      const { tar: stream, done } = archive(from.repo, from.rev, from.gitEnv, stopped, from.prefix);
      source = stream;
      // Both settle (git's exit and the copy) before going on, so no rejection is left unheard.
      const [copy, git] = await Promise.allSettled([splice(stream, out, stopped), done]);
      if (copy.status === 'rejected') throw copy.reason;
      if (git.status === 'rejected') throw git.reason;
      kept += copy.value;
    }
    if (input.inject && Object.keys(input.inject).length) kept += await splice((source = injected(input.inject)), out, stopped);
    if (input.subdir && kept === 0) throw new StageError('build', `build directory ${input.subdir} does not exist in ${input.rev.slice(0, 7)}`);
    out.push(END);
    out.push(null);
  };
  const cancelled = new Promise<never>((_, reject) => stopped.addEventListener('abort', () => reject(stopped.reason), { once: true }));
  const done = Promise.race([produce(), cancelled]);
  // A failed context must end the stream, or the builder reading it would wait.
  done.catch((err: unknown) => {
    halt(err instanceof Error ? err : new Error(String(err)));
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return { tar: out, done, cancel: () => halt(new Error('the build stopped reading its context')) };
}

/**
 * One tree and nothing to add (no submodules): git's tar is the context as
 * it is, piped on with no parsing (a build directory that does not exist was
 * refused before: build-step.ts). Piped at once, not handed over: node
 * resumes, and so throws away, the unread output of a child that exited,
 * and a small context is all written before the builder starts reading.
 */
function gitsOwn(source: ArchiveSource, stop: AbortController, stopped: AbortSignal): BuildContext {
  const { tar: stream, done: git } = archive(source.repo, source.rev, source.gitEnv, stopped, source.prefix);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  stream.pipe(out);
  const halt = (reason: Error) => stop.signal.aborted || stop.abort(reason);
  stream.on('error', (err: Error) => halt(err));
  out.on('error', (err: Error) => halt(err));
  // A reader that went away stops git, which would otherwise wait on its pipe.
  out.on('close', () => out.readableEnded || halt(new Error('the build stopped reading its context')));
  const cancelled = new Promise<never>((_, reject) => stopped.addEventListener('abort', () => reject(stopped.reason), { once: true }));
  const done = Promise.race([git, cancelled]);
  done.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { tar: out, done, cancel: () => halt(new Error('the build stopped reading its context')) };
}

/**
 * The archives that make the context, each asked of git so that its paths are
 * already the context's: with a build directory, the main tree is `REV:DIR`,
 * and a submodule keeps the part of it inside DIR.
 */
export function archiveSources(input: ContextInput): ArchiveSource[] {
  const root = trim(input.subdir ?? '');
  const main: ArchiveSource = { repo: input.repo, rev: root ? `${input.rev}:${root}` : input.rev, gitEnv: input.gitEnv };
  const extras = (input.extra ?? []).flatMap((source): ArchiveSource[] => {
    const at = trim(source.prefix ?? '');
    if (!root) return [source];
    if (at.startsWith(`${root}/`)) return [{ ...source, prefix: at.slice(root.length + 1) }];
    if (!at || root.startsWith(`${at}/`)) return [{ repo: source.repo, gitEnv: source.gitEnv, rev: `${source.rev}:${at ? root.slice(at.length + 1) : root}` }];
    return [];
  });
  return [main, ...extras];
}

const trim = (path: string) => path.replace(/^\/+|\/+$/g, '');

/**
 * Passes one tar stream into `out` without its end blocks; resolves with its
 * entry count. Plain events rather than an async iterator: this runs once per
 * chunk, and git writes a chunk per file.
 */
function splice(stream: Readable, out: Readable, signal: AbortSignal): Promise<number> {
  const splicer = new TarSplice();
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      reject(err);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // Read to the very end even after the end blocks: git exits only once its padding has been read.
    stream.on('data', (chunk: Buffer) => {
      let pieces: Buffer[];
      try {
        pieces = splicer.take(chunk);
      } catch (err) {
        return fail(err);
      }
      let full = false;
      for (const piece of pieces) full = !out.push(piece) || full;
      // out's read() resumes it.
      if (full) stream.pause();
    });
    stream.once('error', fail);
    stream.once('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(splicer.entries);
    });
  });
}

/** The injected files as a small tar of their own. */
function injected(files: Record<string, string>): Readable {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, content);
  pack.finalize();
  return Readable.from(pack);
}
