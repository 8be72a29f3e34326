import { requireApp } from '../apps.js';
import { UserError } from '../errors.js';
import { appContainers } from '../swap/index.js';
import type { ContainerInfo } from '../docker.js';
import type { CommandDef } from './types.js';
import { LABEL } from '../labels.js';

const TARGET = /^([a-z][a-z0-9-]*)(?:\.(\d+))?$/;

export const commands: CommandDef[] = [
  {
    name: 'enter',
    summary: 'Run a command in a running container of the app (default web.1, sh)',
    usage: 'APP [PROCESS[.N]] [CMD…]',
    appScoped: true,
    minArgs: 1,
    rawTail: true,
    async run({ args, out, services, signal }) {
      const [app, ...rest] = args as [string, ...string[]];
      requireApp(services, app);
      const current = String(services.store.apps.currentDeploy(app));
      const running = (await appContainers(services.docker, services.store.instance, app)).filter((c) => c.labels[LABEL.deploy] === current && c.labels[LABEL.process] && c.state === 'running');
      const { container, command } = pick(running, rest);
      // Without a terminal a shell would read no input: run the command given, or ask for one.
      if (!command.length) throw new UserError(`enter ${app} needs a command here (no interactive terminal yet): enter ${app} ${label(container)} CMD…`);
      return services.docker.exec(container.id, command, (line) => out.line(line), signal);
    },
  },
];

function label(c: ContainerInfo): string {
  return `${c.labels[LABEL.process]}.${c.labels[LABEL.index]}`;
}

/** `web.2 ls` → web.2 and `ls`; `ls` alone → web.1 (else the first container) and `ls`. */
function pick(running: ContainerInfo[], rest: string[]): { container: ContainerInfo; command: string[] } {
  const m = rest[0] === undefined ? null : TARGET.exec(rest[0]);
  const named = m ? running.filter((c) => c.labels[LABEL.process] === m[1] && (!m[2] || c.labels[LABEL.index] === m[2])) : [];
  if (m && named.length) return { container: byIndex(named)[0] as ContainerInfo, command: rest.slice(1) };
  if (m && m[2]) throw new UserError(`no running container ${rest[0]}`);
  const fallback = byIndex(running.filter((c) => c.labels[LABEL.process] === 'web'))[0] ?? byIndex(running)[0];
  if (!fallback) throw new UserError('the app has no running containers');
  return { container: fallback, command: rest };
}

function byIndex(list: ContainerInfo[]): ContainerInfo[] {
  return [...list].sort((a, b) => Number(a.labels[LABEL.index]) - Number(b.labels[LABEL.index]));
}
