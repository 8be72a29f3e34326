/**
 * Deploys that do not come from a push: a revision fetched from another
 * repo, a prebuilt image, a source archive. Each lands as a commit on the
 * deploy branch once (and only if) its deploy succeeded, as a push would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpackArchive } from '../archive/index.js';
import { ProcessError, UserError, withoutPaths } from '../core/errors.js';
import { commitDirectory, commitFiles, fetchRef, resolveRef, updateRef, ZERO_SHA, type Author } from '../git.js';
import type { Output } from '../core/output.js';
import { paths } from '../core/paths.js';
import { deployBranches } from '../receive/branches.js';
import { checkSource } from '../git/remote-urls.js';
import type { Principal } from '../access/principal.js';
import type { Services } from '../core/services.js';
import { runDeploy, type DeploySource } from './pipeline.js';

const BERTH_AUTHOR: Author = { name: 'berth', email: 'berth@localhost' };

interface Target {
  repo: string;
  ref: string;
  head: string | undefined;
}

async function target(s: Services, app: string): Promise<Target> {
  const repo = paths.repo(s.settings.home, app);
  const ref = `refs/heads/${deployBranches(s, app)[0]}`;
  return { repo, ref, head: await resolveRef(repo, ref) };
}

/**
 * Deploys `source`; once it is live, and still under the app's lock, the
 * deploy branch moves to `sha` if nothing else moved it meanwhile.
 */
async function deployAndAdvance(s: Services, app: string, t: Target, sha: string, source: DeploySource, trigger: string, out: Output, principal: Principal): Promise<void> {
  const moved = async () => ((await resolveRef(t.repo, t.ref)) ?? ZERO_SHA) !== (t.head ?? ZERO_SHA);
  await runDeploy(
    {
      app,
      source,
      trigger,
      principal,
      afterLock: async () => {
        if (await moved()) throw new UserError(`${t.ref.slice(11)} moved while this waited for the lock; run it again`);
      },
      afterDeploy: () => updateRef(t.repo, t.ref, sha, t.head ?? ZERO_SHA),
    },
    s,
    out,
  );
}

/** git:sync: fetch REF of URL; with `build`, deploy it (else just store it on the deploy branch). */
export async function syncFrom(s: Services, app: string, url: string, ref: string | undefined, build: boolean, out: Output, principal: Principal): Promise<void> {
  const source = await checkSource(url, principal, s.settings.home, 'the repository', s.ports.http);
  const t = await target(s, app);
  out.step(`Fetching ${ref ?? 'HEAD'} from ${url}`);
  const sha = await fetchRef(t.repo, source, ref).catch((err: unknown) => {
    throw err instanceof UserError ? err : new UserError(`cannot fetch ${ref ?? 'HEAD'} from ${url}${gitReason(err)}`, { cause: err });
  });
  if (!build) {
    await updateRef(t.repo, t.ref, sha, t.head ?? ZERO_SHA);
    return out.step(`${t.ref.slice(11)} is now ${sha.slice(0, 7)} (not deployed; pass --build to deploy)`);
  }
  await deployAndAdvance(s, app, t, sha, { kind: 'git', rev: sha, gitEnv: {} }, `git:sync ${url}`, out, principal);
}

/** git:from-image: deploy a local image; the repo records it as `FROM IMAGE`. */
export async function deployImage(s: Services, app: string, image: string, author: Author | undefined, out: Output, principal: Principal): Promise<void> {
  if (!(await s.docker.imageId(image))) throw new UserError(`image ${image} is not on this machine (berth pulls from no registry: load or build it first)`);
  const t = await target(s, app);
  const sha = await commitFiles(t.repo, { Dockerfile: `FROM ${image}\n` }, t.head, `Deploy image ${image}`, author ?? BERTH_AUTHOR);
  await deployAndAdvance(s, app, t, sha, { kind: 'image', rev: sha, image }, `git:from-image ${image}`, out, principal);
}

/** git:from-archive: unpack a tar, tar.gz or zip and deploy it as a new commit. */
export async function deployArchive(s: Services, app: string, archive: Buffer, origin: string, out: Output, principal: Principal): Promise<void> {
  const t = await target(s, app);
  const dir = await mkdtemp(join(tmpdir(), 'berth-archive-'));
  try {
    const { count, tree } = await unpackArchive(archive, join(dir, 'tree'));
    out.step(`Unpacked ${count} files from ${origin}`);
    const sha = await commitDirectory(t.repo, tree, t.head, `Deploy archive ${origin}`, BERTH_AUTHOR);
    await deployAndAdvance(s, app, t, sha, { kind: 'git', rev: sha, gitEnv: {} }, `git:from-archive ${origin}`, out, principal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function gitReason(err: unknown): string {
  return err instanceof ProcessError && err.stderrTail.trim() ? `: ${withoutPaths(err.stderrTail.trim().split('\n').pop() ?? '')}` : '';
}
