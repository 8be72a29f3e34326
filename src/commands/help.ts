import { readFileSync } from 'node:fs';
import type { Output } from '../core/output.js';
import { allCommands, namespaceOf } from './registry.js';
import type { CommandDef } from './types.js';

// Read when asked: dispatch imports this module for namespace help, from dist/ or from source.
const version = () => (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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
      out.line(`berth ${version()}`);
    },
  },
];

// Dokku's one-line descriptions of its plugins, for `berth NAMESPACE` and `NAMESPACE:help`.
const NAMESPACES: Record<string, string> = {
  apps: 'Manage apps',
  builder: 'Manage builder settings for an app',
  'builder-dockerfile': 'Manage the dockerfile builder integration for an app',
  buildpacks: 'Manage buildpacks settings for an app',
  certs: 'Manage SSL (TLS) certs',
  checks: 'Manage zero-downtime settings',
  config: 'Manage global and app-specific config vars',
  cron: 'Manage scheduled cron tasks',
  'docker-options': 'Manage docker options for an app',
  domains: 'Manage domains used by the proxy',
  git: 'Manage app deploys via git',
  haproxy: 'Manage the haproxy proxy integration',
  letsencrypt: "Manage an app's Let's Encrypt certificates",
  logs: 'Manage log integration for an app',
  network: 'Manage network settings for an app',
  ports: 'Manage ports for an app',
  proxy: 'Manage the proxy integration for an app',
  ps: 'Manage app processes',
  registry: 'Manage registry settings for an app',
  releases: "List and roll back an app's releases",
  repo: "Manage the app's repo",
  resource: 'Manage resource settings for an app',
  run: 'Run a one-off process inside an app container',
  scheduler: 'Manage scheduler settings',
  'scheduler-docker-local': 'Manage the docker-local scheduler integration for an app',
  'ssh-keys': 'Manage public ssh keys used for deployment',
  storage: 'Manage mounted volumes',
  tokens: 'Manage API tokens',
};

/** The namespace `words` ask help for (`ps`, `ps:help`, `ps --help`), if any. */
export function helpNamespace(name: string, rest: string[], isCommand: boolean): string | undefined {
  const ns = name.endsWith(':help') ? name.slice(0, -5) : name;
  if (!(ns in NAMESPACES)) return undefined;
  if (name.endsWith(':help') || (rest[0] === '--help' || rest[0] === '-h') || !isCommand) return ns;
  return undefined;
}

export async function printNamespaceHelp(out: Output, ns: string): Promise<void> {
  out.line(`Usage: berth ${ns}[:COMMAND]`);
  out.line();
  out.line(NAMESPACES[ns] ?? '');
  out.line();
  out.line('Additional commands:');
  const list = (await allCommands()).filter((c) => namespaceOf(c.name) === ns);
  const usage = (c: CommandDef) => `${c.name} ${c.usage}`.trim();
  const width = Math.max(0, ...list.map((c) => usage(c).length));
  for (const c of list) out.line(`    ${usage(c).padEnd(width)}  ${c.summary}`);
}
