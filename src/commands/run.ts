import { randomBytes } from 'node:crypto';
import { currentDeploy } from '../deploy/redeploy.js';
import { networkName, runContainerName, runLabels } from '../labels.js';
import { ensureAppNetwork } from '../app-network.js';
import type { Services } from '../services.js';
import { applyFragment } from '../runtime/fragment.js';
import { appRuntime } from '../runtime/index.js';
import { reportOom } from '../runtime/run-hooks.js';
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
      const spec = await oneOff(services, app, command, false);
      return services.docker.runToCompletion(spec, (line) => out.line(line), signal, reportOom(services.docker, err));
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
      const spec = await oneOff(services, app, command, true);
      const id = await services.docker.createContainer(spec);
      await services.docker.startContainer(id);
      out.line(spec.name);
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
      const list = await services.docker.listContainers(runLabels(services.store.instance, app));
      if (wantsJson(flags)) return printJson(out, list.map((c) => ({ name: c.name, state: c.state })));
      printTable(out, ['NAME', 'STATE'], list.map((c) => [c.name, c.state]));
    },
  },
];

// The command runs as given (argv), not through a shell: the image may have none.
// It joins the app's network (made here for apps deployed before networks existed).
async function oneOff(s: Services, app: string, command: string[], detached: boolean) {
  const deploy = currentDeploy(s, app);
  const env = { ...s.store.config.env(app), GIT_REV: deploy.rev, SOURCE_VERSION: deploy.rev };
  await ensureAppNetwork(s.docker, s.store.instance, app);
  return applyFragment({
    name: runContainerName(s.store.instance, app, randomBytes(3).toString('hex')),
    Image: deploy.image as string,
    Cmd: command,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: runLabels(s.store.instance, app),
    HostConfig: { NetworkMode: networkName(s.store.instance, app), AutoRemove: detached, RestartPolicy: { Name: 'no' } },
  }, appRuntime(s, app, 'run')('run'));
}
