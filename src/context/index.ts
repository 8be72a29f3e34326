/**
 * The build context: `git archive` of the pushed revision (and of its
 * submodules), streamed through tar-stream so a subfolder can become the root
 * and files can be injected, without the tree ever touching the disk.
 */
import { PassThrough, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { StageError } from '../errors.js';
import { archive, type GitEnv } from '../git.js';

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

export function streamContext(input: ContextInput, signal?: AbortSignal): BuildContext {
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const pack = tar.pack();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const root = input.subdir ? `${input.subdir.replace(/^\/+|\/+$/g, '')}/` : '';
  const rename = (name: string) => (root ? (name.startsWith(root) ? name.slice(root.length) : undefined) : name);
  const halt = (reason: Error) => stop.signal.aborted || stop.abort(reason);
  // Whatever reads the context (the engine's build or putArchive request) may
  // die mid-stream: every stream here has its error handled, and a reader
  // that went away stops the producer instead of throwing into the void.
  pack.on('error', (err: Error) => halt(err));
  out.on('error', (err: Error) => halt(err));
  out.on('close', () => out.readableEnded || halt(new Error('the build stopped reading its context')));
  let kept = 0;

  const produce = async () => {
    for (const source of [input, ...(input.extra ?? [])]) {
      stopped.throwIfAborted();
      kept += await copyArchive(source, pack, rename, stopped);
    }
    for (const [name, content] of Object.entries(input.inject ?? {})) pack.entry({ name, mode: 0o644 }, content);
    pack.finalize();
    if (root && kept === 0) throw new StageError('build', `build directory ${input.subdir} does not exist in ${input.rev.slice(0, 7)}`);
  };
  pack.pipe(out);
  const cancelled = new Promise<never>((_, reject) => stopped.addEventListener('abort', () => reject(stopped.reason), { once: true }));
  const done = Promise.race([produce(), cancelled]);
  // A failed context must end the stream, or the builder reading it would wait.
  done.catch((err: unknown) => {
    halt(err instanceof Error ? err : new Error(String(err)));
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    pack.destroy();
  });
  return { tar: out, done, cancel: () => halt(new Error('the build stopped reading its context')) };
}

/** Copies one `git archive` into the pack, renamed; resolves with how many entries it kept. */
async function copyArchive(source: ArchiveSource, pack: tar.Pack, rename: (name: string) => string | undefined, signal: AbortSignal): Promise<number> {
  const { tar: stream, done } = archive(source.repo, source.rev, source.gitEnv, signal, source.prefix);
  const extract = tar.extract();
  let kept = 0;
  const copied = new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      extract.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    extract.on('entry', (header, entry, next) => {
      entry.on('error', reject);
      const name = rename(header.name);
      if (name === undefined || name === '') return void entry.on('end', next).resume();
      kept++;
      const sink = pack.entry({ ...header, name }, (err) => (err ? reject(err) : next()));
      sink.on('error', reject);
      entry.pipe(sink);
    });
    extract.on('finish', () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    extract.on('error', reject);
    stream.on('error', reject);
  });
  stream.pipe(extract);
  // Both settle (git's exit and the copy) before this returns, so no rejection is left unheard.
  const [copy, git] = await Promise.allSettled([copied, done]);
  if (copy.status === 'rejected') throw copy.reason;
  if (git.status === 'rejected') throw git.reason;
  return kept;
}
