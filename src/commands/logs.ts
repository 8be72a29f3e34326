import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { appContainers } from '../swap/index.js';
import { cronLogTail } from '../cron/run.js';
import { oomKilled } from '../runtime/oom.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'logs',
    summary: "Show an app's output; -t follows it until you leave",
    usage: 'APP [-t|--tail] [-n NUM] [-p PROCESS] [-q]',
    appScoped: true,
    minArgs: 1,
    flags: { tail: 'boolean', num: 'string', ps: 'string', quiet: 'boolean' },
    aliases: { '-t': 'tail', '-n': 'num', '-p': 'ps', '-q': 'quiet' },
    async run({ app, flags, out, services, signal }) {
      const num = flags.num === undefined ? 100 : Number(flags.num);
      if (!Number.isInteger(num) || num < 0) throw new UserError('-n needs a whole number of lines');
      if (flags.ps === 'cron') return void (await cronLogTail(services.settings.home, app, num)).forEach((line) => out.line(line));
      const current = String(services.store.apps.currentDeploy(app));
      const containers = (await appContainers(services.docker, services.store.instance, app)).filter(
        (c) => c.labels['berth.deploy'] === current && c.labels['berth.process'] && (!flags.ps || c.labels['berth.process'] === flags.ps),
      );
      if (!containers.length) throw new UserError(`app ${app} has no running ${flags.ps ? `${flags.ps} ` : ''}containers`);
      const oom = await oomKilled(services.docker, containers);
      await Promise.all(
        containers.map(async (c) => {
          const prefix = flags.quiet ? '' : `${app}[${c.labels['berth.process']}.${c.labels['berth.index']}]: `;
          await services.docker.streamLogs(c.id, { follow: Boolean(flags.tail), tail: num }, (line) => out.line(`${prefix}${line}`), signal);
          if (oom.has(c.id)) out.line(`${prefix}berth: the container was killed for exceeding its memory limit (OOMKilled)`);
        }),
      );
    },
  },
  {
    name: 'logs:failed',
    summary: "Show the log of the app's last failed deploy",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      const failed = services.store.deploys.list(app).filter((d) => d.status === 'failed').at(-1);
      if (!failed) throw new UserError(`app ${app} has no failed deploy`);
      out.write(await readFile(failed.logPath, 'utf8'));
    },
  },
];
