import type { CommandDef } from './types.js';

/** Namespace → loader; a command's module is loaded only when it is used. */
const NAMESPACES: Record<string, () => Promise<{ commands: CommandDef[] }>> = {
  apps: () => import('./apps.js'),
  url: () => import('./apps.js'),
  urls: () => import('./apps.js'),
  deploys: () => import('./releases.js'),
  releases: () => import('./releases.js'),
  ps: () => import('./ps.js'),
  checks: () => import('./checks.js'),
  run: () => import('./run.js'),
  scheduler: () => import('./scheduler.js'),
  registry: () => import('./image-registry.js'),
  builder: () => import('./builder.js'),
  'builder-dockerfile': () => import('./builder.js'),
  buildpacks: () => import('./builder.js'),
  'docker-options': () => import('./docker-options.js'),
  storage: () => import('./storage.js'),
  resource: () => import('./resource.js'),
  ports: () => import('./ports.js'),
  network: () => import('./network.js'),
  cron: () => import('./cron.js'),
  enter: () => import('./enter.js'),
  repo: () => import('./repo.js'),
  config: () => import('./config.js'),
  domains: () => import('./domains.js'),
  haproxy: () => import('./haproxy.js'),
  proxy: () => import('./proxy.js'),
  git: () => import('./git.js'),
  logs: () => import('./logs.js'),
  'ssh-keys': () => import('./ssh-keys.js'),
  tokens: () => import('./tokens.js'),
  backup: () => import('./backup.js'),
  certs: () => import('./certs.js'),
  letsencrypt: () => import('./letsencrypt.js'),
  sshd: () => import('./sshd.js'),
  help: () => import('./help.js'),
  version: () => import('./help.js'),
};

export function namespaceOf(name: string): string {
  return name.split(':')[0] ?? name;
}

export async function findCommand(name: string): Promise<CommandDef | undefined> {
  const load = NAMESPACES[namespaceOf(name)];
  if (!load) return undefined;
  return (await load()).commands.find((c) => c.name === name);
}

export async function allCommands(): Promise<CommandDef[]> {
  const seen = new Set<() => Promise<{ commands: CommandDef[] }>>();
  const all: CommandDef[] = [];
  for (const load of Object.values(NAMESPACES)) {
    if (seen.has(load)) continue;
    seen.add(load);
    all.push(...(await load()).commands);
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}
