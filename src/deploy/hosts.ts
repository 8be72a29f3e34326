import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { reloadCertificate } from '../tls/manage.js';
import { SETTING } from '../store/setting-keys.js';

/** The global domains: `domains:set-global`, else the daemon's --domain. */
export function globalDomains(s: Pick<Services, 'store' | 'settings'>): string[] {
  const stored = s.store.settings.get(GLOBAL, SETTING.globalDomains);
  return stored ? stored.split(',') : [s.settings.domain];
}

/** The hostnames an app answers to: APP.GLOBALDOMAIN for each global domain, and its own. */
export function appHosts(s: Pick<Services, 'store' | 'settings'>, app: string): string[] {
  return [...globalDomains(s).map((d) => `${app}.${d}`), ...s.store.domains.of(app)];
}

export function appUrl(s: Pick<Services, 'store' | 'settings' | 'ports'>, app: string): string {
  const port = s.ports.router;
  return `http://${appHosts(s, app)[0]}${port === 80 ? '' : `:${port}`}`;
}

/** Points the router at the app's current hostnames (after a domain change), its certificate's SNI names too. */
export async function refreshHosts(s: Pick<Services, 'store' | 'settings' | 'router' | 'log'>, app: string): Promise<void> {
  await s.router.setHosts(app, appHosts(s, app));
  await reloadCertificate(s, app);
}
