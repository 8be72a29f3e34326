import { UserError } from '../core/errors.js';
import { appPortMaps } from '../runtime/index.js';
import { formatPortMap, parsePortMap, type PortMap } from '../runtime/ports.js';
import type { Services } from '../core/services.js';
import { printJson, printReport, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

const NOTE = 'applied from the next deploy or ps:restart';

export const commands: CommandDef[] = [
  {
    name: 'ports:list',
    summary: "List an app's port mappings (SCHEME HOST CONTAINER)",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const maps = mapsOf(services, args[0] as string);
      if (wantsJson(flags)) return printJson(out, maps.map((m) => ({ scheme: m.scheme, host_port: m.hostPort, container_port: m.containerPort })));
      if (!maps.length) return out.error(`No port mappings configured for ${args[0]}`);
      printTable(out, ['-----> scheme', 'host port', 'container port'], maps.map((m) => [`       ${m.scheme}`, String(m.hostPort), String(m.containerPort)]));
    },
  },
  change('ports:add', 'Add port mappings (http:80:3000)', (old, add) => [...old, ...add.filter((a) => !old.some((o) => same(o, a)))]),
  change('ports:set', 'Replace the port mappings', (_old, set) => set),
  change('ports:remove', 'Remove port mappings', (old, rm) => old.filter((o) => !rm.some((r) => same(o, r)))),
  {
    name: 'ports:clear',
    summary: 'Remove every port mapping (the image’s EXPOSE is used again)',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ args, out, services }) {
      mapsOf(services, args[0] as string);
      services.store.settings.unset(args[0] as string, SETTING.portMaps);
      out.step(`Cleared port mappings for ${args[0]}; ${NOTE}`);
    },
  },
  {
    name: 'ports:report',
    summary: "Show an app's ports",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const maps = mapsOf(services, args[0] as string);
      const report = { 'Ports map': maps.map(formatPortMap).join(' '), 'Ports map detected': maps.length ? '' : 'from the image EXPOSE at deploy (else http:80:5000)' };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${args[0]} ports information`, report);
    },
  },
];

function mapsOf(s: Services, app: string): PortMap[] {
  return appPortMaps(s, app);
}

function same(a: PortMap, b: PortMap): boolean {
  return formatPortMap(a) === formatPortMap(b);
}

function change(name: string, summary: string, apply: (old: PortMap[], given: PortMap[]) => PortMap[]): CommandDef {
  return {
    name,
    summary,
    usage: 'APP SCHEME:HOST_PORT:CONTAINER_PORT…',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, ...specs] = args as [string, ...string[]];
      const given = specs.map(parsePortMap);
      const next = apply(mapsOf(services, app), given);
      if (new Set(next.map((m) => m.containerPort)).size > 1) throw new UserError('berth routes every web container to one container port; give mappings with one container port');
      services.store.settings.set(app, SETTING.portMaps, JSON.stringify(next.map(formatPortMap)));
      if (!next.length) services.store.settings.unset(app, SETTING.portMaps);
      out.step(`Port mappings of ${app}: ${next.map(formatPortMap).join(' ') || 'none'}; ${NOTE}`);
    },
  };
}
