import type { Services } from '../services.js';
import { GLOBAL } from '../store/config.js';
import type { DeployFacts } from './plan.js';

/** Reads, once under the lock, everything `planDeploy` decides from. */
export function readDeployFacts(s: Pick<Services, 'store' | 'settings' | 'ports'>, req: { app: string; rev: string; config?: Record<string, string> }): DeployFacts {
  const { store } = s;
  const current = store.apps.currentDeploy(req.app);
  const currentRelease = current === null ? null : store.deploys.get(current)?.release;
  return {
    app: req.app,
    rev: req.rev,
    globalConfig: store.config.all(GLOBAL),
    appConfig: store.config.all(req.app),
    ...(req.config ? { requestConfig: req.config } : {}),
    settings: store.settings.withPrefix(req.app, ''),
    globalSettings: store.settings.withPrefix(GLOBAL, ''),
    domains: store.domains.of(req.app),
    ...(typeof currentRelease === 'number' ? { currentRelease } : {}),
    daemon: { domain: s.settings.domain, drainTimeout: s.settings.drainTimeout, routerPort: s.ports.router },
  };
}
