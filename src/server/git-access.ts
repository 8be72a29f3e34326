import { AccessDenied, requireAdmin, requireAppAccess, type Principal } from '../access/principal.js';
import { createApp } from '../apps/lifecycle.js';
import { NotFoundError } from '../core/errors.js';
import type { GitEnv, GitService } from '../git.js';
import { validateAppName } from '../apps/names.js';
import { paths } from '../core/paths.js';
import type { Services } from '../core/services.js';

export interface GitTarget {
  app: string;
  repo: string;
  env: GitEnv;
}

/**
 * What both transports do before git runs: check the app name, check the
 * principal may use the app (and create it, for a first push), and build
 * the environment the hooks read.
 */
export async function prepareGit(s: Services, rawApp: string, service: GitService, principal: Principal): Promise<GitTarget> {
  const app = validateAppName(rawApp);
  const exists = Boolean(s.store.apps.get(app));
  try {
    requireAppAccess(principal, app);
    if (!exists && service === 'receive-pack') requireAdmin(principal, `create app ${app}`);
  } catch (err) {
    if (err instanceof AccessDenied) s.log({ event: 'access-denied', principal: principal.name, kind: principal.kind, app, error: err.message });
    throw err;
  }
  if (!exists) {
    if (service !== 'receive-pack') throw new NotFoundError(`app ${app} does not exist`);
    await createApp(s, app);
  }
  return {
    app,
    repo: paths.repo(s.settings.home, app),
    env: { BERTH_SOCKET: s.settings.socketPath, BERTH_APP: app, BERTH_PUSHER: principal.name },
  };
}
