import { build } from '../build/index.js';
import { streamContext } from '../context/index.js';
import { StageError } from '../errors.js';
import { pathExists, type GitEnv } from '../git.js';
import type { Output } from '../output.js';
import { paths } from '../paths.js';
import type { Services } from '../services.js';

/** The context and build stages for a revision in the app's repo. */
export async function buildFromGit(
  req: { app: string; deployId: number; rev: string; gitEnv: GitEnv; signal?: AbortSignal },
  s: Services,
  out: Output,
): Promise<string> {
  const repo = paths.repo(s.settings.home, req.app);
  if (!(await pathExists(repo, req.rev, 'Dockerfile', req.gitEnv))) {
    throw new StageError('build', `no Dockerfile at the root of ${req.rev.slice(0, 7)}; berth builds Dockerfile apps`);
  }
  out.detail('builder: dockerfile');
  const context = streamContext({ repo, rev: req.rev, gitEnv: req.gitEnv }, req.signal);
  const image = await build({ app: req.app, deployId: req.deployId, rev: req.rev, instance: s.store.instance, context }, { docker: s.docker, out });
  return image.tag;
}
