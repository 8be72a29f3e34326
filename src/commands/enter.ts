import { requireApp } from '../apps/lifecycle.js';
import type { ClientTerminal } from './attachment.js';
import type { ExecSpec } from '../docker/exec.js';
import { UserError } from '../core/errors.js';
import { schedulerFor } from '../scheduler/index.js';
import type { Instance } from '../scheduler/types.js';
import type { CommandDef } from './types.js';

const TARGET = /^([a-z][a-z0-9-]*)(?:\.(\d+))?$/;

/** Dokku opens /bin/bash; images without it (busybox, alpine) get /bin/sh. */
export const SHELL = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash; fi; exec /bin/sh'];

export const commands: CommandDef[] = [
  {
    name: 'enter',
    summary: 'Open a shell, or run a command, in a running container of the app (default web.1)',
    usage: 'APP [PROCESS[.N]] [CMD…]',
    appScoped: true,
    minArgs: 1,
    rawTail: true,
    async run({ args, services, signal, attach }) {
      const [app, ...rest] = args as [string, ...string[]];
      requireApp(services, app);
      const current = services.store.apps.currentDeploy(app);
      const scheduler = schedulerFor(services, app);
      const running = (await scheduler.list(app)).filter((i) => i.deployId === current && i.state === 'running');
      const { instance, command } = pick(running, rest);
      const client = attach();
      const spec = execSpec(command, client.terminal);
      const session = await scheduler.exec(instance, spec, { stdin: client.stdin, stdout: client.stdout, stderr: client.stderr, signal }, client.terminal?.size);
      const stopResizing = client.terminal?.onResize((size) => void session.resize(size));
      try {
        return await session.exitCode;
      } finally {
        stopResizing?.();
      }
    },
  },
];

/** The exec: CMD as given (or a shell), with a TTY when the client has a terminal. */
export function execSpec(command: string[], terminal: Pick<ClientTerminal, 'term'> | undefined): ExecSpec {
  return {
    Cmd: command.length ? command : SHELL,
    Env: terminal ? [`TERM=${terminal.term}`] : [],
    Tty: Boolean(terminal),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  };
}

/** `web.2 ls` → web.2 and `ls`; `ls` alone → web.1 (else the first container) and `ls`. */
export function pick(running: Instance[], rest: string[]): { instance: Instance; command: string[] } {
  const m = rest[0] === undefined ? null : TARGET.exec(rest[0]);
  const named = m ? running.filter((i) => i.process === m[1] && (!m[2] || i.index === Number(m[2]))) : [];
  if (m && named.length) return { instance: byIndex(named)[0] as Instance, command: rest.slice(1) };
  if (m && m[2]) throw new UserError(`no running container ${rest[0]}`);
  const fallback = byIndex(running.filter((i) => i.process === 'web'))[0] ?? byIndex(running)[0];
  if (!fallback) throw new UserError('the app has no running containers');
  return { instance: fallback, command: rest };
}

function byIndex(list: Instance[]): Instance[] {
  return [...list].sort((a, b) => a.index - b.index);
}
