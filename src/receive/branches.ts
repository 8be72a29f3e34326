import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';

/** Until an app (or --global) sets one with git:set deploy-branch, these deploy. */
export const DEFAULT_DEPLOY_BRANCHES = ['main', 'master'] as const;

/** The branches whose pushes deploy the app. */
export function deployBranches(s: Pick<Services, 'store'>, app: string): string[] {
  const branch = s.store.settings.get(app, SETTING.deployBranch) ?? s.store.settings.get(GLOBAL, SETTING.deployBranch);
  return branch ? [branch] : [...DEFAULT_DEPLOY_BRANCHES];
}
