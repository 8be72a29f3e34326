/**
 * The hook's counterpart in the daemon: decides what a push does (deploy,
 * store, refuse) and, for the deploy branch, runs the deploy pipeline.
 */
import { requireApp } from '../apps/lifecycle.js';
import type { ReceiveRequest, UpdateRequest } from '../control/protocol.js';
import { runDeploy } from '../deploy/pipeline.js';
import { ExitError, UserError, userMessage } from '../core/errors.js';
import { isZeroSha, resolveRef, ZERO_SHA } from '../git.js';
import { Output } from '../core/output.js';
import { paths } from '../core/paths.js';
import type { Channel } from '../server/control.js';
import type { Services } from '../core/services.js';
import { deployBranches } from './branches.js';
import { planPush, shortRef } from './plan.js';

/** The update hook's question: refuses deleting a deploy branch, allows the rest. */
export function checkRefUpdate(req: UpdateRequest, s: Services, channel: Channel): number {
  requireApp(s, req.app);
  const refused = planPush([req.update], deployBranches(s, req.app)).refused[0];
  if (!refused) return 0;
  new Output([channel.stderr]).error(`${refused.reason}; the other refs of this push are kept`);
  s.log({ event: 'ref-refused', app: req.app, ref: req.update.ref, reason: refused.reason });
  return 1;
}

export async function receivePush(req: ReceiveRequest, s: Services, channel: Channel): Promise<number> {
  const out = new Output([channel.stderr]);
  requireApp(s, req.app);
  const branches = deployBranches(s, req.app);
  const plan = planPush(req.updates, branches);
  // Refused refs are refused one by one in the update hook (see checkRefUpdate),
  // so the rest of a mirror push still lands.
  for (const u of plan.stored) {
    const what = isZeroSha(u.new) ? 'deleted' : 'stored, not deployed';
    out.step(`${shortRef(u.ref)}: ${what} (pushes to ${branches.join(' or ')} deploy)`);
  }
  const target = plan.deploy;
  if (!target) return 0;
  const repo = paths.repo(s.settings.home, req.app);
  try {
    await runDeploy(
      {
        app: req.app,
        source: { kind: 'git', rev: target.new, gitEnv: req.gitEnv },
        trigger: `push by ${req.pusher || 'unknown'}`,
        // Not the hook's word: a push berth did not accept itself counts as a tenant's.
        principal: s.pushes.principal(req.pushId),
        // Git updates each ref as a compare-and-swap against what the client
        // saw; a push that waited must not deploy what git will then refuse.
        afterLock: async () => {
          const now = (await resolveRef(repo, target.ref)) ?? ZERO_SHA;
          if (now !== target.old) {
            throw new UserError(`${shortRef(target.ref)} moved to ${now.slice(0, 7)} while this push waited; fetch and push again`);
          }
        },
        holdLockUntil: () => s.pushes.ended(req.pushId),
        signal: anySignal(channel.signal, s.pushes.signal(req.pushId)),
      },
      s,
      out,
    );
    return 0;
  } catch (err) {
    if (err instanceof ExitError) return err.exitCode;
    // Failed before the pipeline could tell the pusher (the lock wait aborted).
    out.error(userMessage(err));
    return 1;
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((x): x is AbortSignal => x !== undefined));
}
