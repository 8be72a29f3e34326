import { requireAdmin } from '../access/principal.js';
import { UserError } from '../core/errors.js';
import { createUserNetwork, listUserNetworks, networkInfo, ownNetwork, removeUserNetwork, validNetworkName } from '../apps/user-networks.js';
import { networkSetting } from '../runtime/index.js';
import { networkKey } from '../store/setting-keys.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const KEYS = ['attach-post-create', 'attach-post-deploy', 'initial-network'] as const;
type Key = (typeof KEYS)[number];

export const commands: CommandDef[] = [
  {
    name: 'network:create',
    summary: 'Create a bridge network apps can join (admins)',
    usage: 'NETWORK',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      const name = validNetworkName(args[0] as string);
      out.step(`Creating network ${name}`);
      await createUserNetwork(services.docker, services.store.instance, name);
    },
  },
  {
    name: 'network:destroy',
    summary: 'Destroy a network berth made (refused while apps use it)',
    usage: 'NETWORK [--force]',
    appScoped: false,
    minArgs: 1,
    flags: { force: 'boolean' },
    async run({ args, out, services }) {
      const name = args[0] as string;
      const info = await ownNetwork(services.docker, services.store.instance, name);
      const users = services.store.apps.list().filter((a) => KEYS.some((k) => networkSetting(services, a.name, k).includes(name))).map((a) => a.name);
      if (users.length) throw new UserError(`network ${name} is used by ${users.join(', ')}; network:set APP KEY (empty) first`);
      if (info.containers.length) throw new UserError(`network ${name} still has containers: ${info.containers.join(', ')}`);
      out.step(`Destroying network ${name}`);
      await removeUserNetwork(services.docker, name);
    },
  },
  {
    name: 'network:exists',
    summary: 'Exit 0 when the network exists',
    usage: 'NETWORK',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      await networkInfo(services.docker, args[0] as string);
      out.line(`Network ${args[0]} exists`);
    },
  },
  {
    name: 'network:info',
    summary: 'Show a network',
    usage: 'NETWORK [--format json]',
    appScoped: false,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const info = await networkInfo(services.docker, args[0] as string);
      const report = { ID: info.id.slice(0, 12), Name: info.name, Driver: info.driver, Containers: info.containers };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${info.name} network information`, report);
    },
  },
  {
    name: 'network:list',
    summary: 'List the networks berth made',
    usage: '[--format json]',
    appScoped: false,
    flags: { format: 'string' },
    async run({ flags, out, services }) {
      const names = await listUserNetworks(services.docker, services.store.instance);
      if (wantsJson(flags)) return printJson(out, names);
      out.heading('Networks');
      for (const n of names) out.line(n);
    },
  },
  {
    name: 'network:set',
    summary: 'Set attach-post-create, attach-post-deploy or initial-network (admins; from the next deploy)',
    usage: 'APP KEY [NETWORK]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services, principal }) {
      const [app, key, value = ''] = args as [string, string, string?];
      if (!KEYS.includes(key as Key)) throw new UserError(`invalid network property ${key}: use ${KEYS.join(', ')}`);
      const nets = value.split(',').filter(Boolean);
      if (nets.length) requireAdmin(principal, `attach ${app} to network ${nets.join(',')}`);
      if (key === 'initial-network' && nets.length > 1) throw new UserError('initial-network takes one network');
      for (const net of nets) await ownNetwork(services.docker, services.store.instance, net);
      if (nets.length) services.store.settings.set(app, networkKey(key), nets.join(','));
      else services.store.settings.unset(app, networkKey(key));
      out.step(`${nets.length ? 'Setting' : 'Unsetting'} network property ${key}${nets.length ? ` to ${nets.join(',')}` : ''}; applied from the next deploy or ps:restart`);
    },
  },
  {
    name: 'network:report',
    summary: "Show an app's networks",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const report = Object.fromEntries(KEYS.map((k) => [`Network ${k}`, networkSetting(services, app, k).join(',')]));
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} network information`, report);
    },
  },
];
