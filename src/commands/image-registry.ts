/**
 * Dokku's registry:set and registry:report: the registry a swarm's nodes pull
 * an app's images from (server, and credentials if it needs them).
 */
import { mayUseApp, requireAppAccess } from '../access/principal.js';
import { requireApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import { checkServer } from '../scheduler/swarm/registry.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const KEYS: Record<string, string> = { server: SETTING.registryServer, username: SETTING.registryUsername, password: SETTING.registryPassword };
const FIELDS = ['registry-computed-server', 'registry-global-server', 'registry-server', 'registry-computed-username', 'registry-password-set'] as const;

export const commands: CommandDef[] = [
  {
    name: 'registry:set',
    summary: 'Set the registry of an app or --global: server HOST:PORT, username, password',
    usage: '[--global|APP] server|username|password [VALUE]',
    appScoped: true,
    globalFlag: true,
    minArgs: 1,
    flags: { global: 'boolean' },
    async run({ args, flags, out, services }) {
      const [target, key, value] = flags.global ? [GLOBAL, ...args] : (args as [string, ...string[]]);
      if (target !== GLOBAL) requireApp(services, target as string);
      const setting = key === undefined ? undefined : KEYS[key];
      if (!setting) throw new UserError(`unknown registry property ${key ?? ''} (${Object.keys(KEYS).join(', ')})`);
      if (!value) {
        services.store.settings.unset(target as string, setting);
        return out.step(`Unset ${key}`);
      }
      if (key === 'server') checkServer(value);
      services.store.settings.set(target as string, setting, value);
      out.step(`Set ${key} to ${key === 'password' ? '********' : value}`);
    },
  },
  {
    name: 'registry:report',
    summary: "Show an app's registry (every app's without one); passwords are never shown",
    usage: `[APP] [--format json] [${FIELDS.map((f) => `--${f}`).join('|')}]`,
    appScoped: false,
    open: true,
    flags: { format: 'string', ...Object.fromEntries(FIELDS.map((f) => [f, 'boolean' as const])) },
    async run({ args, flags, out, services, principal }) {
      const app = args[0];
      if (app) requireAppAccess(principal, app);
      const apps = app ? [app] : services.store.apps.list().map((a) => a.name).filter((a) => mayUseApp(principal, a));
      for (const a of apps) requireApp(services, a);
      const reports = apps.map((a) => ({ app: a, ...registryReport(services, a) }));
      const field = FIELDS.find((f) => flags[f]);
      if (field) return reports.forEach((r) => out.line(r[field]));
      if (wantsJson(flags)) return printJson(out, app ? reports[0] : reports);
      for (const r of reports) {
        printReport(out, `${r.app} registry information`, {
          'Registry computed server': r['registry-computed-server'],
          'Registry global server': r['registry-global-server'],
          'Registry server': r['registry-server'],
          'Registry computed username': r['registry-computed-username'],
          'Registry password set': r['registry-password-set'],
        });
      }
    },
  },
];

function registryReport(s: Services, app: string): Record<(typeof FIELDS)[number], string> {
  const get = (key: string) => ({ app: s.store.settings.get(app, key), global: s.store.settings.get(GLOBAL, key) });
  const server = get(SETTING.registryServer);
  const scope = server.app ? 'app' : 'global';
  return {
    'registry-computed-server': server[scope] ?? '',
    'registry-global-server': server.global ?? '',
    'registry-server': server.app ?? '',
    'registry-computed-username': get(SETTING.registryUsername)[scope] ?? '',
    'registry-password-set': get(SETTING.registryPassword)[scope] ? 'true' : 'false',
  };
}
