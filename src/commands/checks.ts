import { requireApp } from '../apps.js';
import { UserError } from '../errors.js';
import type { Services } from '../services.js';
import { swapSettings } from '../swap/plan.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const PROPERTIES = ['wait', 'wait-to-retire'];

export const commands: CommandDef[] = [
  {
    name: 'checks:set',
    summary: 'Set wait (seconds a new container must stay up) or wait-to-retire (drain deadline)',
    usage: 'APP wait|wait-to-retire [SECONDS]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, key, value] = args as [string, string, string | undefined];
      requireApp(services, app);
      if (!PROPERTIES.includes(key)) throw new UserError(`unknown checks property ${key} (${PROPERTIES.join(', ')})`);
      if (value === undefined) return services.store.settings.unset(app, `checks.${key}`);
      if (!/^\d+(\.\d+)?$/.test(value)) throw new UserError(`${key} must be a number of seconds`);
      services.store.settings.set(app, `checks.${key}`, value);
      out.step(`Setting checks ${key} to ${value}`);
    },
  },
  toggle('checks:disable', 'checks.disabled', 'add', 'Disable checks for the app or some process types', 'Disabled'),
  toggle('checks:skip', 'checks.skipped', 'add', 'Skip checks for the app or some process types', 'Skipped'),
  toggle('checks:enable', 'checks.disabled', 'remove', 'Enable checks again', 'Enabled'),
  {
    name: 'checks:report',
    summary: "Show an app's check settings",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      const stored = services.store.settings.withPrefix(app, 'checks.');
      const s = swapSettings(stored, { waitToRetire: services.settings.drainTimeout });
      const report = { wait: s.checksWait, waitToRetire: s.waitToRetire, disabled: stored['checks.disabled'] ?? '', skipped: stored['checks.skipped'] ?? '' };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} checks information`, report);
    },
  },
];

function toggle(name: string, key: string, how: 'add' | 'remove', summary: string, done: string): CommandDef {
  return {
    name,
    summary,
    usage: 'APP [PROCESS,PROCESS…]',
    appScoped: true,
    minArgs: 1,
    async run({ args, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      const processes = (args[1] ?? '_all_').split(',').filter(Boolean);
      const updated = how === 'add' ? addTo(services, app, key, processes) : removeFrom(services, app, ['checks.disabled', 'checks.skipped'], processes);
      out.step(`${done} checks for ${processes.join(', ').replace('_all_', 'every process')}${updated ? '' : ' (no change)'}`);
    },
  };
}

function addTo(s: Services, app: string, key: string, processes: string[]): boolean {
  const now = new Set((s.store.settings.get(app, key) ?? '').split(',').filter(Boolean));
  const before = now.size;
  for (const p of processes) now.add(p);
  s.store.settings.set(app, key, [...now].join(','));
  return now.size !== before;
}

function removeFrom(s: Services, app: string, keys: string[], processes: string[]): boolean {
  let changed = false;
  for (const key of keys) {
    const now = (s.store.settings.get(app, key) ?? '').split(',').filter(Boolean);
    const kept = processes.includes('_all_') ? [] : now.filter((p) => !processes.includes(p));
    changed ||= kept.length !== now.length;
    s.store.settings.set(app, key, kept.join(','));
  }
  return changed;
}
