import { isAdmin, requireAppAccess, type Principal } from '../access.js';
import { appHosts, globalDomains, refreshHosts } from '../deploy/hosts.js';
import { UserError } from '../errors.js';
import { checkHostname } from '../hostnames.js';
import type { Services } from '../services.js';
import { GLOBAL } from '../store/config.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';
import { reloadCertificate } from '../tls/manage.js';
import { GLOBAL_CERT } from '../tls/store.js';

const DOMAIN = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const commands: CommandDef[] = [
  change('domains:add', 'Add domains to an app', (now, given) => [...now, ...given]),
  change('domains:set', "Replace an app's domains", (_now, given) => given),
  change('domains:remove', 'Remove domains from an app', (now, given) => {
    for (const d of given) if (!now.includes(d)) throw new UserError(`${d} is not a domain of this app`);
    return now.filter((d) => !given.includes(d));
  }),
  {
    name: 'domains:clear',
    summary: "Remove all of an app's own domains",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      services.store.domains.replace(app, []);
      await refreshHosts(services, app);
      out.step(`Cleared the domains of ${app}`);
    },
  },
  {
    name: 'domains:report',
    summary: "Show an app's domains (or --global)",
    usage: '[APP|--global] [--format json]',
    appScoped: false,
    open: true,
    flags: { global: 'boolean', format: 'string' },
    async run({ args, flags, out, services, principal }) {
      if (flags.global || !args[0]) {
        const report = { globalDomains: globalDomains(services) };
        return wantsJson(flags) ? printJson(out, report) : out.line(`=====> Global domains\n       ${report.globalDomains.join(' ')}`);
      }
      const app = args[0];
      requireAppAccess(principal, app);
      const report = { appDomains: services.store.domains.of(app), globalDomains: globalDomains(services), vhosts: appHosts(services, app) };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} domains information`, report);
    },
  },
  {
    name: 'domains:set-global',
    summary: 'Set the global domains (apps answer at APP.DOMAIN)',
    usage: 'DOMAIN…',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      const domains = unique(args.map(validDomain));
      services.store.settings.set(GLOBAL, 'domains.global', domains.join(','));
      for (const app of services.store.apps.list()) await refreshHosts(services, app.name);
      await services.router.setOwnHosts(domains);
      await reloadCertificate(services, GLOBAL_CERT);
      out.step(`Set the global domains to ${domains.join(' ')}`);
    },
  },
];

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
      if (name === 'domains:add') for (const d of domains) if (now.includes(d)) throw new UserError(`${d} is already a domain of ${app}`);
      const result = unique(next(now, domains));
      for (const d of result) checkFree(services, d, app, principal);
      services.store.domains.replace(app, result);
      await refreshHosts(services, app);
      out.step(`${app} answers to: ${appHosts(services, app).join(' ')}`);
    },
  };
}

function validDomain(text: string): string {
  const d = text.toLowerCase();
  if (!DOMAIN.test(d) || /^\d+(\.\d+){3}$/.test(d)) throw new UserError(`invalid domain '${text.slice(0, 80)}'`);
  return d;
}

function checkFree(s: Services, domain: string, app: string, principal: Principal): void {
  checkHostname(domain, app, { globals: globalDomains(s), holder: (d) => s.store.domains.owner(d), tenant: !isAdmin(principal) });
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
