/**
 * The only module that runs git. Git's own binaries do the protocol work
 * (receive-pack, upload-pack, archive); berth only feeds them streams.
 */
import { execa } from 'execa';
import type { Readable } from 'node:stream';
import { ProcessError, UserError } from './core/errors.js';

export type GitEnv = Record<string, string>;
export type GitService = 'receive-pack' | 'upload-pack';

// Pure ref rules live apart, so the hooks' thin clients need not load execa.
import { isValidRefName } from './git/refs.js';
export { isValidRefName, isZeroSha, MAX_REF_LENGTH, ZERO_SHA } from './git/refs.js';

// Git must not read the user's or system's config (credential helpers,
// hooks paths) nor prompt; everything it needs is passed explicitly.
function baseEnv(extra: GitEnv = {}): GitEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // Never ext:: or other transports that run commands.
    GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
    ...extra,
  };
}

async function run(args: string[], opts: { cwd?: string; env?: GitEnv; timeoutMs?: number; input?: string } = {}): Promise<string> {
  const res = await execa('git', args, {
    cwd: opts.cwd,
    ...(opts.input === undefined ? {} : { input: opts.input }),
    env: baseEnv(opts.env),
    extendEnv: false,
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    stripFinalNewline: true,
  });
  if (res.exitCode !== 0) {
    throw new ProcessError(`git ${args[0]}`, res.exitCode ?? null, String(res.stderr), { cause: res });
  }
  return String(res.stdout);
}

/** Creates a bare repository whose default branch is main. */
export async function initBare(dir: string): Promise<void> {
  await run(['init', '--quiet', '--bare', '--initial-branch=main', dir]);
  await configureBare(dir);
}

/** The receive settings berth relies on, set on new and existing repos. */
export async function configureBare(dir: string): Promise<void> {
  // Mirrors force-push and delete; set explicitly so a system default can't change it.
  await run(['config', 'receive.denyNonFastForwards', 'false'], { cwd: dir });
  await run(['config', 'receive.denyDeletes', 'false'], { cwd: dir });
  // berth's update hook refuses deleting the deploy branch with its own line;
  // git's HEAD rule would refuse it first with a long generic one.
  await run(['config', 'receive.denyDeleteCurrent', 'ignore'], { cwd: dir });
}

/** The sha a ref points at, or undefined when it doesn't exist. */
export async function resolveRef(repo: string, ref: string, env: GitEnv = {}): Promise<string | undefined> {
  try {
    return await run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo, env });
  } catch (err) {
    if (err instanceof ProcessError && err.exitCode === 1) return undefined;
    throw err;
  }
}

/**
 * Streams `git archive` of `rev` as tar. The stream ends early (and quietly,
 * as a valid empty tar) when git fails, so callers must await `done`.
 */
export function archive(repo: string, rev: string, env: GitEnv, signal?: AbortSignal, prefix?: string): { tar: Readable; done: Promise<void> } {
  const args = ['archive', '--format=tar', ...(prefix ? [`--prefix=${prefix.replace(/\/+$/, '')}/`] : []), rev];
  const child = execa('git', args, {
    cwd: repo,
    env: baseEnv(env),
    extendEnv: false,
    buffer: false,
    stdin: 'ignore',
    stderr: 'pipe',
    cancelSignal: signal,
    reject: false,
  });
  // git's own pipe, read directly: every extra stream hop costs per chunk, and git writes one per file.
  const done = finished(child, `git archive ${rev.slice(0, 12)}`);
  return { tar: child.stdout, done };
}

/**
 * Starts git's own receive-pack or upload-pack in stateless-rpc mode (for
 * HTTP) or plain mode (for SSH). The caller wires stdin and stdout.
 */
export function spawnService(
  service: GitService,
  repo: string,
  opts: { statelessRpc: boolean; advertiseRefs?: boolean; env: GitEnv },
) {
  const args: string[] = [service];
  if (opts.statelessRpc) args.push('--stateless-rpc');
  if (opts.advertiseRefs) args.push('--advertise-refs');
  args.push(repo);
  const child = execa('git', args, {
    env: baseEnv(opts.env),
    extendEnv: false,
    buffer: false,
    stdin: 'pipe',
    stderr: 'pipe',
    reject: false,
  });
  return { child, done: finished(child, `git ${service}`) };
}

interface StreamingChild extends PromiseLike<{ exitCode?: number; signal?: string }> {
  stderr: Readable | null;
}

/** Waits for a streaming git child; rejects with its stderr tail on failure. */
async function finished(child: StreamingChild, command: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  const res = await child;
  if (res.exitCode !== 0) {
    throw new ProcessError(command, res.exitCode ?? null, stderr, { signal: res.signal ?? undefined });
  }
}

export async function gc(repo: string): Promise<void> {
  await run(['gc', '--quiet'], { cwd: repo, timeoutMs: 600_000 });
}

/** Whether `path` exists in the tree of `rev`. */
export async function pathExists(repo: string, rev: string, path: string, env: GitEnv = {}): Promise<boolean> {
  try {
    await run(['cat-file', '-e', `${rev}:${path}`], { cwd: repo, env });
    return true;
  } catch (err) {
    if (err instanceof ProcessError) return false;
    throw err;
  }
}

export interface Submodule {
  path: string;
  url: string;
  sha: string;
}

/** The submodules of `rev`: path and URL from .gitmodules, commit from the tree. */
export async function submodules(repo: string, rev: string, env: GitEnv = {}): Promise<Submodule[]> {
  if (!(await pathExists(repo, rev, '.gitmodules', env))) return [];
  const config = await run(['config', '--blob', `${rev}:.gitmodules`, '--list'], { cwd: repo, env });
  const byName = new Map<string, { path?: string; url?: string }>();
  for (const line of config.split('\n')) {
    const m = /^submodule\.(.+)\.(path|url)=(.*)$/.exec(line);
    if (!m) continue;
    const entry = byName.get(m[1] as string) ?? {};
    entry[m[2] as 'path' | 'url'] = m[3];
    byName.set(m[1] as string, entry);
  }
  const out: Submodule[] = [];
  for (const { path, url } of byName.values()) {
    if (!path || !url) continue;
    const tree = await run(['ls-tree', rev, '--', path], { cwd: repo, env });
    const sha = /^160000 commit ([0-9a-f]+)\t/.exec(tree)?.[1];
    if (sha) out.push({ path, url, sha });
  }
  return out;
}

/** Copies every ref (and the objects behind them) of `source` into `repo`. */
export async function mirrorRefs(repo: string, source: string): Promise<void> {
  await run(['fetch', '--quiet', source, '+refs/*:refs/*'], { cwd: repo, timeoutMs: 600_000 });
}

/** A source checked by git/remote-urls.ts: the URL, and whether git may open local paths for it. */
export interface FetchSource {
  url: string;
  local: boolean;
}

/** Fetches a submodule's history from its URL into a scratch bare repo. */
export async function fetchInto(scratch: string, source: FetchSource): Promise<void> {
  await run(['init', '--quiet', '--bare', scratch]);
  await run(['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--', remoteUrl(source.url), '+refs/*:refs/remotes/src/*'], { cwd: scratch, env: fetchEnv(source), timeoutMs: 600_000 });
}

/** A URL from a user or a pushed .gitmodules: never something git would read as an option. */
function remoteUrl(url: string): string {
  if (!url || url.startsWith('-')) throw new UserError(`invalid repository URL '${url.slice(0, 80)}'`);
  return url;
}

// Git's own enforcement behind berth's check: a network source may not become
// a local one (a redirect, a path git resolves itself); ssh never prompts.
function fetchEnv(source: FetchSource): GitEnv {
  return {
    GIT_ALLOW_PROTOCOL: source.local ? 'file' : 'git:http:https:ssh',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
    GIT_PROTOCOL_FROM_USER: '0',
  };
}

/** Fetches `ref` (default HEAD) of `source` into the repo; resolves with its commit. */
export async function fetchRef(repo: string, source: FetchSource, ref = 'HEAD'): Promise<string> {
  if (ref !== 'HEAD' && !isValidRefName(ref.startsWith('refs/') ? ref : `refs/heads/${ref}`)) throw new UserError(`invalid ref '${ref.slice(0, 80)}'`);
  await run(['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--', remoteUrl(source.url), `+${ref}:refs/berth/fetched`], { cwd: repo, env: fetchEnv(source), timeoutMs: 600_000 });
  return (await resolveRef(repo, 'refs/berth/fetched')) as string;
}


/** Moves a ref to `sha`, only if it is still at `expected` when given. */
export async function updateRef(repo: string, ref: string, sha: string, expected?: string): Promise<void> {
  await run(['update-ref', ref, sha, ...(expected ? [expected] : [])], { cwd: repo });
}

export interface Author {
  name: string;
  email: string;
}

/** A commit of `files` on top of `parent` (if any), written without a work tree. */
export async function commitFiles(repo: string, files: Record<string, string>, parent: string | undefined, message: string, author: Author): Promise<string> {
  const entries: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const blob = await run(['hash-object', '-w', '--stdin'], { cwd: repo, input: content });
    entries.push(`100644 blob ${blob}\t${name}`);
  }
  const tree = await run(['mktree'], { cwd: repo, input: `${entries.join('\n')}\n` });
  return commitTree(repo, tree, parent, message, author);
}

/** A commit of every file under `dir`, on top of `parent` (if any). */
export async function commitDirectory(repo: string, dir: string, parent: string | undefined, message: string, author: Author): Promise<string> {
  const env = { GIT_DIR: repo, GIT_WORK_TREE: dir, GIT_INDEX_FILE: `${dir}.index` };
  await run(['add', '--all', '--force', '.'], { cwd: dir, env });
  const tree = await run(['write-tree'], { cwd: dir, env });
  return commitTree(repo, tree, parent, message, author);
}

async function commitTree(repo: string, tree: string, parent: string | undefined, message: string, author: Author): Promise<string> {
  const who = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
  return run(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { cwd: repo, env: who });
}

/** A file's text from the tree of `rev`, checked for size before it is read; undefined when it is larger than `maxBytes`. */
export async function readBlob(repo: string, rev: string, path: string, maxBytes: number, env: GitEnv = {}): Promise<string | undefined> {
  const size = Number(await run(['cat-file', '-s', `${rev}:${path}`], { cwd: repo, env }));
  if (size > maxBytes) return undefined;
  return run(['cat-file', 'blob', `${rev}:${path}`], { cwd: repo, env });
}
