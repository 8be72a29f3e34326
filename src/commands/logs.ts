import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { schedulerFor } from '../scheduler/index.js';
import type { Instance } from '../scheduler/types.js';
import { cronLogTail } from '../cron/run.js';
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
      const opts = { follow: Boolean(flags.tail), tail: num, process: flags.ps as string | undefined };
      const prefix = (i: Instance) => (flags.quiet ? '' : `${app}[${i.process}.${i.index}]: `);
      const shown = await schedulerFor(services, app).logs(app, services.store.apps.currentDeploy(app) ?? 0, opts, (i, line) => out.line(`${prefix(i)}${line}`), signal);
      if (!shown.length) throw new UserError(`app ${app} has no running ${flags.ps ? `${flags.ps} ` : ''}containers`);
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
