import { cronEntries, findEntry, runCron, suspendedJobs } from '../cron/run.js';
import { UserError } from '../core/errors.js';
import { inBackground, type Services } from '../core/services.js';
import { printJson, printReport, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

export const commands: CommandDef[] = [
  {
    name: 'cron:list',
    summary: "List an app's cron jobs (app.json `cron`)",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const suspended = suspendedJobs(services, app);
      const rows = cronEntries(services, app).map((e) => ({ id: e.id, app, command: e.command, schedule: e.schedule, suspended: suspended.includes(e.id) }));
      if (wantsJson(flags)) return printJson(out, rows);
      printTable(out, ['ID', 'Schedule', 'Suspended', 'Command'], rows.map((r) => [r.id, r.schedule, String(r.suspended), r.command]));
    },
  },
  {
    name: 'cron:run',
    summary: 'Run a cron job now (--detach: in the background)',
    usage: 'APP ID [--detach]',
    appScoped: true,
    minArgs: 2,
    flags: { detach: 'boolean' },
    async run({ args, flags, out, services, signal }) {
      const [app, id] = args as [string, string];
      const entry = findEntry(services, app, id);
      if (!flags.detach) return runCron(services, app, entry, 'cron:run', (line) => out.line(line), signal);
      inBackground(services, `cron ${app} ${id}`, runCron(services, app, entry, 'cron:run --detach'));
      out.step(`cron job ${id} started in the background; its output: logs ${app} -p cron`);
    },
  },
  suspendCommand('suspend'),
  suspendCommand('resume'),
  {
    name: 'cron:report',
    summary: "Show an app's cron summary",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const report = { 'Cron task count': cronEntries(services, app).length, 'Cron suspended': suspendedJobs(services, app).join(',') };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} cron information`, report);
    },
  },
];

function suspendCommand(verb: 'suspend' | 'resume'): CommandDef {
  return {
    name: `cron:${verb}`,
    summary: verb === 'suspend' ? 'Stop scheduling a cron job (cron:run still runs it)' : 'Schedule a suspended cron job again',
    usage: 'APP ID',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, id] = args as [string, string];
      findEntry(services, app, id);
      setSuspended(services, app, id, verb === 'suspend');
      out.step(`${verb === 'suspend' ? 'Suspended' : 'Resumed'} cron job ${id} of ${app}`);
    },
  };
}

function setSuspended(s: Services, app: string, id: string, on: boolean): void {
  const now = suspendedJobs(s, app);
  if (on === now.includes(id)) throw new UserError(`cron job ${id} is already ${on ? 'suspended' : 'scheduled'}`);
  const next = on ? [...now, id] : now.filter((x) => x !== id);
  if (next.length) s.store.settings.set(app, SETTING.cronSuspended, next.join(','));
  else s.store.settings.unset(app, SETTING.cronSuspended);
}
