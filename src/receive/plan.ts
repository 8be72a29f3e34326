import { isValidRefName, isZeroSha, MAX_REF_LENGTH } from '../git/refs.js';
import { UserError } from '../core/errors.js';
import type { RefUpdate } from '../control/protocol.js';

/** What to do with one push: at most one deploy, the rest stored or refused. */
export interface PushPlan {
  deploy?: RefUpdate;
  stored: RefUpdate[];
  refused: { update: RefUpdate; reason: string }[];
}

/** Parses git's `old new ref` lines as the pre-receive hook reads them. */
export function parseRefUpdates(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const [oldSha, newSha, ref, ...extra] = trimmed.split(' ');
    if (!oldSha || !newSha || !ref || extra.length || !isSha(oldSha) || !isSha(newSha)) {
      throw new UserError(`malformed ref update line: ${JSON.stringify(trimmed.slice(0, 200))}`);
    }
    updates.push({ old: oldSha, new: newSha, ref });
  }
  return updates;
}

/**
 * Decides a push: an update of a deploy branch deploys (the first listed
 * branch wins when several are pushed), deleting it is refused, everything
 * else is stored as git received it.
 */
export function planPush(updates: RefUpdate[], deployBranches: readonly string[]): PushPlan {
  const plan: PushPlan = { stored: [], refused: [] };
  const deployRefs = deployBranches.map((b) => `refs/heads/${b}`);
  for (const update of updates) {
    if (!isValidRefName(update.ref)) {
      plan.refused.push({ update, reason: `the ref name ${JSON.stringify(update.ref.slice(0, 60))}${update.ref.length > 60 ? '…' : ''} is not valid (git's ref rules, at most ${MAX_REF_LENGTH} bytes)` });
    } else if (!deployRefs.includes(update.ref)) {
      plan.stored.push(update);
    } else if (isZeroSha(update.new)) {
      plan.refused.push({ update, reason: `deleting the deploy branch ${shortRef(update.ref)} is not allowed` });
    } else if (!plan.deploy || rank(update.ref, deployRefs) < rank(plan.deploy.ref, deployRefs)) {
      if (plan.deploy) plan.stored.push(plan.deploy);
      plan.deploy = update;
    } else {
      plan.stored.push(update);
    }
  }
  return plan;
}

export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

function rank(ref: string, refs: string[]): number {
  return refs.indexOf(ref);
}

function isSha(text: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}
