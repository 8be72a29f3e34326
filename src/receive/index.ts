/**
 * The hook's counterpart in the daemon: decides what a push does (deploy,
 * store, refuse) and, for the deploy branch, runs the deploy pipeline.
 */
import { requireApp } from '../apps.js';
import type { ReceiveRequest } from '../control/protocol.js';
import { runDeploy } from '../deploy/pipeline.js';
import { UserError } from '../errors.js';
import { isZeroSha, resolveRef, ZERO_SHA } from '../git.js';
import { Output } from '../output.js';
import { paths } from '../paths.js';
import type { Channel } from '../server/control.js';
import type { Services } from '../services.js';
import { planPush, shortRef } from './plan.js';

/** Until apps choose their own (git:set deploy-branch), these deploy. */
export const DEFAULT_DEPLOY_BRANCHES = ['main', 'master'] as const;

export async function receivePush(req: ReceiveRequest, s: Services, channel: Channel): Promise<number> {
  const out = new Output([channel.stderr]);
  requireApp(s, req.app);
  const plan = planPush(req.updates, DEFAULT_DEPLOY_BRANCHES);
  if (plan.refused.length) {
    for (const r of plan.refused) out.error(r.reason);
    return 1;
  }
  for (const u of plan.stored) {
    const what = isZeroSha(u.new) ? 'deleted' : 'stored, not deployed';
    out.step(`${shortRef(u.ref)}: ${what} (pushes to ${DEFAULT_DEPLOY_BRANCHES.join(' or ')} deploy)`);
  }
  const target = plan.deploy;
  if (!target) return 0;
  const repo = paths.repo(s.settings.home, req.app);
  try {
    await runDeploy(
      {
        app: req.app,
        rev: target.new,
        trigger: 'push',
        gitEnv: req.gitEnv,
        // Git updates each ref as a compare-and-swap against what the client
        // saw; a push that waited must not deploy what git will then refuse.
        afterLock: async () => {
          const now = (await resolveRef(repo, target.ref)) ?? ZERO_SHA;
          if (now !== target.old) {
            throw new UserError(`${shortRef(target.ref)} moved to ${now.slice(0, 7)} while this push waited; fetch and push again`);
          }
        },
        holdLockUntil: () => s.pushes.ended(req.pushId),
        signal: channel.signal,
      },
      s,
      out,
    );
    return 0;
  } catch {
    return 1;
  }
}
