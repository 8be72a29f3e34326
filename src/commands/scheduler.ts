/** Dokku's scheduler:set and scheduler:report: which scheduler runs an app's containers. */
import { mayUseApp, requireAppAccess } from '../access/principal.js';
import { requireApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import { checkSchedulerName, selectedScheduler } from '../scheduler/index.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const FIELDS = ['scheduler-computed-selected', 'scheduler-global-selected', 'scheduler-selected'] as const;

export const commands: CommandDef[] = [
  {
    name: 'scheduler:set',
    summary: 'Choose the scheduler of an app or --global (selected docker-local)',
    usage: '[--global|APP] selected [NAME]',
    appScoped: true,
    globalFlag: true,
    minArgs: 1,
    flags: { global: 'boolean' },
    async run({ args, flags, out, services }) {
      const [target, key, value] = flags.global ? [GLOBAL, ...args] : (args as [string, ...string[]]);
      if (target !== GLOBAL) requireApp(services, target as string);
      if (key !== 'selected') throw new UserError(`unknown scheduler property ${key ?? ''} (selected)`);
      if (!value) {
        services.store.settings.unset(target as string, SETTING.schedulerSelected);
        return out.step('Unset selected');
      }
      checkSchedulerName(value);
      services.store.settings.set(target as string, SETTING.schedulerSelected, value);
      out.step(`Set selected to ${value}`);
    },
  },
  {
    name: 'scheduler:report',
    summary: "Show which scheduler runs an app (every app's without one)",
    usage: `[APP] [--format json] [${FIELDS.map((f) => `--${f}`).join('|')}]`,
    appScoped: false,
    open: true,
    flags: { format: 'string', ...Object.fromEntries(FIELDS.map((f) => [f, 'boolean' as const])) },
    async run({ args, flags, out, services, principal }) {
      const app = args[0];
      if (app) requireAppAccess(principal, app);
      const apps = app ? [app] : services.store.apps.list().map((a) => a.name).filter((a) => mayUseApp(principal, a));
      for (const a of apps) requireApp(services, a);
      const reports = apps.map((a) => ({ app: a, ...schedulerReport(services, a) }));
      const field = FIELDS.find((f) => flags[f]);
      if (field) return reports.forEach((r) => out.line(r[field]));
      if (wantsJson(flags)) return printJson(out, app ? reports[0] : reports);
      for (const r of reports) {
        printReport(out, `${r.app} scheduler information`, {
          'Scheduler computed selected': r['scheduler-computed-selected'],
          'Scheduler global selected': r['scheduler-global-selected'],
          'Scheduler selected': r['scheduler-selected'],
        });
      }
    },
  },
];

function schedulerReport(s: Services, app: string): Record<(typeof FIELDS)[number], string> {
  const stored = { app: s.store.settings.get(app, SETTING.schedulerSelected), global: s.store.settings.get(GLOBAL, SETTING.schedulerSelected) };
  return { 'scheduler-computed-selected': selectedScheduler(app, stored), 'scheduler-global-selected': stored.global ?? '', 'scheduler-selected': stored.app ?? '' };
}
