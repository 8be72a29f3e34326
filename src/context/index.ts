/**
 * The build context: `git archive` of the pushed revision, streamed through
 * tar-stream so a subfolder can become the root and files can be injected,
 * without the tree ever touching the disk.
 */
import { PassThrough, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { StageError } from '../errors.js';
import { archive, type GitEnv } from '../git.js';

export interface ContextInput {
  repo: string;
  rev: string;
  gitEnv: GitEnv;
  /** A subfolder of the tree to use as the context root (monorepos). */
  subdir?: string;
  /** Extra files to place in the context, by path. */
  inject?: Record<string, string>;
}

export interface BuildContext {
  tar: Readable;
  /** Settles when the whole context has been produced; rejects if git failed. */
  done: Promise<void>;
}

export function streamContext(input: ContextInput, signal?: AbortSignal): BuildContext {
  const source = archive(input.repo, input.rev, input.gitEnv, signal);
  const extract = tar.extract();
  const pack = tar.pack();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const prefix = input.subdir ? `${input.subdir.replace(/^\/+|\/+$/g, '')}/` : '';
  let kept = 0;

  const repacked = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = prefix ? (header.name.startsWith(prefix) ? header.name.slice(prefix.length) : undefined) : header.name;
      if (name === undefined || name === '') {
        stream.on('end', next).resume();
        return;
      }
      kept++;
      const sink = pack.entry({ ...header, name }, (err) => (err ? reject(err) : next()));
      stream.pipe(sink);
    });
    extract.on('finish', () => {
      for (const [name, content] of Object.entries(input.inject ?? {})) pack.entry({ name, mode: 0o644 }, content);
      pack.finalize();
      resolve();
    });
    extract.on('error', reject);
    pack.on('error', reject);
  });
  source.tar.pipe(extract);
  pack.pipe(out);

  const done = Promise.all([source.done, repacked]).then(() => {
    if (prefix && kept === 0) throw new StageError('build', `build directory ${input.subdir} does not exist in ${input.rev.slice(0, 7)}`);
  });
  // A failed context must end the stream, or the builder reading it would wait.
  done.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { tar: out, done };
}
