import { currentDeploy } from '../deploy/redeploy.js';
import type { Services } from '../core/services.js';
import { appRuntime } from '../runtime/index.js';
import { schedulerFor } from '../scheduler/index.js';
import type { OneOffRun } from '../scheduler/types.js';
import { printJson, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'run',
    summary: 'Run a one-off command in a throwaway container of the current image',
    usage: 'APP CMD…',
    appScoped: true,
    minArgs: 2,
    rawTail: true,
    async run({ args, out, err, services, signal }) {
      const [app, ...command] = args as [string, ...string[]];
      return schedulerFor(services, app).runAttached(oneOff(services, app, command), { out: err, signal, onLine: (line) => out.line(line) });
    },
  },
  {
    name: 'run:detached',
    summary: 'Start a one-off command in the background; prints the container name',
    usage: 'APP CMD…',
    appScoped: true,
    minArgs: 2,
    rawTail: true,
    async run({ args, out, services }) {
      const [app, ...command] = args as [string, ...string[]];
      out.line(await schedulerFor(services, app).startDetached(oneOff(services, app, command)));
    },
  },
  {
    name: 'run:list',
    summary: "List an app's one-off containers",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      currentDeploy(services, app);
      const list = await schedulerFor(services, app).oneOffs(app);
      if (wantsJson(flags)) return printJson(out, list.map((c) => ({ name: c.name, state: c.state })));
      printTable(out, ['NAME', 'STATE'], list.map((c) => [c.name, c.state]));
    },
  },
];

// The command runs as given (argv), not through a shell: the image may have none.
function oneOff(s: Services, app: string, command: string[]): OneOffRun {
  const deploy = currentDeploy(s, app);
  const env = { ...s.store.config.env(app), GIT_REV: deploy.rev, SOURCE_VERSION: deploy.rev };
  return { app, image: { tag: deploy.image as string }, env, command, runtime: appRuntime(s, app, 'run')('run') };
}
