/**
 * Dokku's registry:set and registry:report: the registry a swarm's nodes pull
 * an app's images from (server, and credentials if it needs them).
 */
import { requireApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import { checkServer } from '../scheduler/swarm/registry.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';
import { reportCommand, type ReportFields } from './report.js';
import type { CommandDef } from './types.js';

const KEYS: Record<string, string> = { server: SETTING.registryServer, username: SETTING.registryUsername, password: SETTING.registryPassword };

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
  reportCommand({
    name: 'registry:report',
    type: 'registry',
    summary: "Show an app's registry (every app's without one); passwords are never shown",
    open: true,
    app: ({ services }, app) => registryReport(services, app),
    global: ({ services }) => {
      const get = (key: string) => services.store.settings.get(GLOBAL, key);
      return { 'registry-global-server': get(SETTING.registryServer) ?? '', 'registry-global-username': get(SETTING.registryUsername) ?? '', 'registry-global-password-set': String(Boolean(get(SETTING.registryPassword))) };
    },
  }),
];

// Credentials go with the server they were set beside: an app's own server does not get the global ones.
function registryReport(s: Services, app: string): ReportFields {
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
