import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { build } from '../build/index.js';
import { selectBuilder } from '../build/select.js';
import { builderRuntime, type BuilderRuntime } from '../build/runtime.js';
import type { BuildSettings } from '../build/settings.js';
import { streamContext, type ArchiveSource } from '../context/index.js';
import { StageError, userMessage } from '../core/errors.js';
import { fetchInto, pathExists, readBlob, submodules, type GitEnv } from '../git.js';
import type { Output } from '../core/output.js';
import { paths } from '../core/paths.js';
import type { Principal } from '../access/principal.js';
import { checkSource } from '../git/remote-urls.js';
import type { Services } from '../core/services.js';

/** The context and build stages for a revision in the app's repo; resolves with the image tag. */
export async function buildFromGit(
  req: { app: string; deployId: number; rev: string; gitEnv: GitEnv; env: Record<string, string>; settings: BuildSettings; signal?: AbortSignal; principal?: Principal },
  s: Services,
  out: Output,
): Promise<{ tag: string; runtime: BuilderRuntime }> {
  const repo = paths.repo(s.settings.home, req.app);
  const settings = req.settings;
  const dir = settings.buildDir ?? '';
  if (dir && !(await pathExists(repo, req.rev, dir, req.gitEnv))) {
    throw new StageError('build', `build directory ${dir} does not exist in ${req.rev.slice(0, 7)} (builder:set ${req.app} build-dir)`);
  }
  const dockerfile = posix.join(dir || '.', settings.dockerfilePath);
  const hasDockerfile = await pathExists(repo, req.rev, dockerfile, req.gitEnv);
  const runtime = builderRuntime(selectBuilder(settings.selected, hasDockerfile));
  if (runtime.name === 'dockerfile' && !hasDockerfile) throw new StageError('build', `no Dockerfile at ${dockerfile} in ${req.rev.slice(0, 7)}`);
  const dockerfileText = runtime.name === 'dockerfile' ? await readDockerfile(repo, req.rev, dockerfile, req.gitEnv) : undefined;
  const scratch = await mkdtemp(join(tmpdir(), 'berth-submodules-'));
  try {
    const extra = await fetchSubmodules({ repo, rev: req.rev, gitEnv: req.gitEnv, scratch, home: s.settings.home, principal: req.principal, httpPort: s.ports.http }, out);
    const context = streamContext({ repo, rev: req.rev, gitEnv: req.gitEnv, subdir: dir || undefined, extra }, req.signal);
    const image = await build(
      {
        app: req.app,
        deployId: req.deployId,
        instance: s.store.instance,
        nonce: randomBytes(8).toString('hex'),
        runtime,
        context,
        dockerfile: settings.dockerfilePath,
        dockerfileText,
        options: settings.options,
        stack: settings.stack,
        env: req.env,
      },
      { docker: s.docker, out, signal: req.signal },
    );
    return { tag: image.tag, runtime };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const MAX_DOCKERFILE = 1024 * 1024;

// Read before the build so the images it names can be checked (build/image-policy.ts).
async function readDockerfile(repo: string, rev: string, path: string, gitEnv: GitEnv): Promise<string> {
  const text = await readBlob(repo, rev, path, MAX_DOCKERFILE, gitEnv);
  if (text === undefined) throw new StageError('build', `${path} is larger than 1 MiB`);
  return text;
}

// `git archive` leaves submodules out; berth fetches each from its URL.
// Whoever triggered the deploy decides what may be fetched: a tenant's tree
// names network URLs only, and git itself is told so (GIT_ALLOW_PROTOCOL).
async function fetchSubmodules(
  req: { repo: string; rev: string; gitEnv: GitEnv; scratch: string; home: string; principal?: Principal; httpPort: number },
  out: Output,
): Promise<ArchiveSource[]> {
  const sources: ArchiveSource[] = [];
  for (const [i, sub] of (await submodules(req.repo, req.rev, req.gitEnv)).entries()) {
    const source = await checkSource(sub.url, req.principal, req.home, `submodule ${sub.path.slice(0, 100)}`, req.httpPort).catch((err: unknown) => {
      throw new StageError('build', userMessage(err), { cause: err });
    });
    out.detail(`submodule ${sub.path}: fetching ${sub.sha.slice(0, 7)} from ${sub.url}`);
    const dir = join(req.scratch, String(i));
    try {
      await fetchInto(dir, source);
    } catch (err) {
      throw new StageError('build', `cannot fetch submodule ${sub.path} from ${sub.url}: ${userMessage(err)}`, { cause: err });
    }
    sources.push({ repo: dir, rev: sub.sha, gitEnv: {}, prefix: sub.path });
  }
  return sources;
}
