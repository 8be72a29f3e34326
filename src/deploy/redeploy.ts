import { requireApp } from '../apps/lifecycle.js';
import type { Principal } from '../access/principal.js';
import { UserError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import type { Services } from '../core/services.js';
import type { Deploy } from '../store/deploys.js';
import { runDeploy } from './pipeline.js';

/** The deploy serving the app, or a clear error when nothing is deployed. */
export function currentDeploy(s: Services, app: string): Deploy {
  requireApp(s, app);
  const id = s.store.apps.currentDeploy(app);
  const deploy = id === null ? undefined : s.store.deploys.get(id);
  if (!deploy?.image) throw new UserError(`app ${app} has not been deployed yet`);
  return deploy;
}

/** A zero-downtime swap to the current image again (new config, scale, settings). */
export function restartApp(s: Services, app: string, out: Output, trigger = 'restart'): Promise<Deploy> {
  const current = currentDeploy(s, app);
  return runDeploy({ app, source: { kind: 'image', rev: current.rev, image: current.image as string }, trigger }, s, out);
}

/** Builds the current revision again and swaps to it. */
export function rebuildApp(s: Services, app: string, out: Output, principal?: Principal): Promise<Deploy> {
  const current = currentDeploy(s, app);
  return runDeploy({ app, source: { kind: 'git', rev: current.rev, gitEnv: {} }, trigger: 'rebuild', principal }, s, out);
}
