import { readFileSync } from 'node:fs';
import { allCommands } from './registry.js';
import type { CommandDef } from './types.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const commands: CommandDef[] = [
  {
    name: 'help',
    summary: 'List the commands',
    usage: '',
    appScoped: false,
    open: true,
    async run({ out }) {
      out.line('Usage: berth COMMAND [ARGS…]   (or: ssh berth@HOST COMMAND [ARGS…])');
      out.line();
      const list = await allCommands();
      const width = Math.max(...list.map((c) => c.name.length));
      for (const c of list) out.line(`  ${c.name.padEnd(width)}  ${c.summary}`);
      out.line();
      out.line('  serve'.padEnd(width + 2) + '  Run the daemon (berth serve --help)');
    },
  },
  {
    name: 'version',
    summary: "Print berth's version",
    usage: '',
    appScoped: false,
    open: true,
    async run({ out }) {
      out.line(`berth ${VERSION}`);
    },
  },
];
