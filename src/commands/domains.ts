import { isAdmin, type Principal } from '../access/principal.js';
import { appHosts, globalDomains, refreshHosts } from '../deploy/hosts.js';
import { UserError } from '../core/errors.js';
import { checkHostname } from '../apps/hostnames.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { reportCommand, type ReportFields } from './report.js';
import type { CommandDef } from './types.js';
import { reloadCertificate } from '../tls/manage.js';
import { GLOBAL_CERT } from '../tls/store.js';
import { SETTING } from '../store/setting-keys.js';

const DOMAIN = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const commands: CommandDef[] = [
  change('domains:add', 'Add domains to an app', (now, given) => [...now, ...given]),
  change('domains:set', "Replace an app's domains", (_now, given) => given),
  change('domains:remove', 'Remove domains from an app', (now, given) => now.filter((d) => !given.includes(d))),
  clear('domains:clear', "Remove all of an app's own domains"),
  clear('domains:reset', 'Reset an app to its default domains (APP.GLOBAL-DOMAIN)'),
  reportCommand({
    name: 'domains:report',
    type: 'domains',
    summary: "Show an app's domains (or --global)",
    app: ({ services }, app) => ({
      'domains-app-enabled': 'true',
      'domains-app-vhosts': appHosts(services, app).join(' '),
      ...globalFields(services),
    }),
    global: ({ services }) => globalFields(services),
  }),
  globalChange('domains:set-global', 'Set the global domains (apps answer at APP.DOMAIN)', 1, (_now, given) => given),
  globalChange('domains:add-global', 'Add global domains', 1, (now, given) => [...now, ...given]),
  globalChange('domains:remove-global', 'Remove global domains', 1, (now, given) => now.filter((d) => !given.includes(d))),
  globalChange('domains:clear-global', "Clear the global domains (back to the daemon's --domain)", 0, () => []),
];

function globalFields(s: Services): ReportFields {
  return { 'domains-global-enabled': 'true', 'domains-global-vhosts': globalDomains(s).join(' ') };
}

function clear(name: string, summary: string): CommandDef {
  return {
    name,
    summary,
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      services.store.domains.replace(app, []);
      await refreshHosts(services, app);
      out.step(`Cleared domains in ${app}`);
    },
  };
}

// Global domains are the host's: admins only (not app-scoped, so dispatch requires an admin).
function globalChange(name: string, summary: string, minArgs: number, next: (now: string[], given: string[]) => string[]): CommandDef {
  return {
    name,
    summary,
    usage: minArgs ? 'DOMAIN…' : '',
    appScoped: false,
    minArgs,
    async run({ args, out, services }) {
      const stored = services.store.settings.get(GLOBAL, SETTING.globalDomains);
      const domains = unique(next(stored ? stored.split(',') : [], args.map(validDomain)));
      if (domains.length) services.store.settings.set(GLOBAL, SETTING.globalDomains, domains.join(','));
      else services.store.settings.unset(GLOBAL, SETTING.globalDomains);
      for (const app of services.store.apps.list()) await refreshHosts(services, app.name);
      await services.router.setOwnHosts(globalDomains(services));
      await reloadCertificate(services, GLOBAL_CERT);
      out.step(`Global domains: ${globalDomains(services).join(' ')}`);
    },
  };
}

function change(name: string, summary: string, next: (now: string[], given: string[]) => string[]): CommandDef {
  return {
    name,
    summary,
    usage: 'APP DOMAIN…',
    appScoped: true,
    minArgs: name === 'domains:set' ? 1 : 2,
    async run({ args, out, services, principal }) {
      const [app, ...given] = args as [string, ...string[]];
      const domains = given.map(validDomain);
      const now = services.store.domains.of(app);
      const result = unique(next(now, domains));
      for (const d of result) checkFree(services, d, app, principal);
      services.store.domains.replace(app, result);
      await refreshHosts(services, app);
      out.step(`${name === 'domains:remove' ? 'Removed' : 'Added'} ${given.join(' ')} ${name === 'domains:remove' ? 'from' : 'to'} ${app}`);
    },
  };
}

function validDomain(text: string): string {
  const d = text.toLowerCase();
  if (!DOMAIN.test(d) || /^\d+(\.\d+){3}$/.test(d)) throw new UserError(`invalid domain '${text.slice(0, 80)}'`);
  return d;
}

function checkFree(s: Services, domain: string, app: string, principal: Principal): void {
  checkHostname(domain, app, { globals: globalDomains(s), holder: (d) => s.store.domains.owner(d), tenant: !isAdmin(principal), exists: (a) => s.store.apps.get(a) !== undefined });
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
