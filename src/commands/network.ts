import { requireAdmin } from '../access/principal.js';
import { NotFoundError, UserError } from '../core/errors.js';
import { instanceLabels, LABEL } from '../docker/labels.js';
import { networkSetting } from '../runtime/index.js';
import type { Services } from '../core/services.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const KEYS = ['attach-post-create', 'attach-post-deploy', 'initial-network'] as const;
type Key = (typeof KEYS)[number];
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
// The engine's own networks: joining them would reach the host or every container.
const RESERVED = ['host', 'bridge', 'none', 'default'];

export const commands: CommandDef[] = [
  {
    name: 'network:create',
    summary: 'Create a bridge network apps can join (admins)',
    usage: 'NETWORK',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      const name = validName(args[0] as string);
      out.step(`Creating network ${name}`);
      if (!(await services.docker.createNetwork(name, { ...instanceLabels(services.store.instance), [LABEL.network]: name }))) throw new UserError(`network ${name} already exists`);
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
      const info = await ownNetwork(services, name);
      const users = services.store.apps.list().filter((a) => KEYS.some((k) => networkSetting(services, a.name, k).includes(name))).map((a) => a.name);
      if (users.length) throw new UserError(`network ${name} is used by ${users.join(', ')}; network:set APP KEY (empty) first`);
      if (info.containers.length) throw new UserError(`network ${name} still has containers: ${info.containers.join(', ')}`);
      out.step(`Destroying network ${name}`);
      await services.docker.removeNetwork(name);
    },
  },
  {
    name: 'network:exists',
    summary: 'Exit 0 when the network exists',
    usage: 'NETWORK',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      if (!(await services.docker.networkInfo(args[0] as string))) throw new NotFoundError(`Network ${args[0]} does not exist`);
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
      const info = await services.docker.networkInfo(args[0] as string);
      if (!info) throw new NotFoundError(`Network ${args[0]} does not exist`);
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
      const names = await services.docker.listNetworks(instanceLabels(services.store.instance));
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
      for (const net of nets) await ownNetwork(services, net);
      if (nets.length) services.store.settings.set(app, `network.${key}`, nets.join(','));
      else services.store.settings.unset(app, `network.${key}`);
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

function validName(name: string): string {
  if (!NAME.test(name) || RESERVED.includes(name)) throw new UserError(`invalid network name ${name}`);
  return name;
}

/** Apps join only networks this berth made: never the engine's host or default bridge. */
async function ownNetwork(s: Services, name: string) {
  validName(name);
  const info = await s.docker.networkInfo(name);
  if (!info) throw new NotFoundError(`Network ${name} does not exist`);
  if (info.labels[LABEL.instance] !== s.store.instance) throw new UserError(`network ${name} was not made by berth (network:create it)`);
  return info;
}
