import { requireApp } from '../apps.js';
import { elapsed } from '../output.js';
import { printJson, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'deploys:list',
    summary: "List an app's deploys, newest last",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      const deploys = services.store.deploys.list(app);
      if (wantsJson(flags)) return printJson(out, deploys);
      const rows = deploys.map((d) => [
        String(d.id),
        d.status,
        d.rev.slice(0, 7),
        d.trigger,
        d.startedAt,
        Object.entries(d.phases)
          .map(([k, v]) => `${k} ${elapsed(v)}`)
          .join(', '),
        d.error ?? '',
      ]);
      printTable(out, ['ID', 'STATUS', 'REV', 'TRIGGER', 'STARTED', 'PHASES', 'ERROR'], rows);
    },
  },
];
