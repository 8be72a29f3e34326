import type { Services } from '../core/services.js';
import { propertySetter, type PropertyCheck } from './properties.js';
import { globalSetting, layeredSetting, reportCommand } from './report.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

export const commands: CommandDef[] = [
  propertySetter({
    name: 'checks:set',
    summary: 'Set wait-to-retire (drain deadline, app or --global) or wait (seconds a new container must stay up)',
    global: ['wait-to-retire'],
    properties: { wait: seconds('wait'), 'wait-to-retire': seconds('wait-to-retire') },
  }),
  toggle('checks:disable', SETTING.checksDisabled, 'add', 'Disable checks for the app or some process types', 'Disabled'),
  toggle('checks:skip', SETTING.checksSkipped, 'add', 'Skip checks for the app or some process types', 'Skipped'),
  toggle('checks:enable', SETTING.checksDisabled, 'remove', 'Enable checks again', 'Enabled'),
  reportCommand({
    name: 'checks:report',
    type: 'checks',
    summary: "Show an app's check settings",
    app: ({ services }, app) => ({
      'checks-disabled-list': listOf(services, app, SETTING.checksDisabled),
      'checks-skipped-list': listOf(services, app, SETTING.checksSkipped),
      ...layeredSetting(services, app, 'checks', 'wait-to-retire', String(services.settings.drainTimeout)),
    }),
    global: ({ services }) => globalSetting(services, 'checks', 'wait-to-retire', String(services.settings.drainTimeout)),
  }),
];

function toggle(name: string, key: string, how: 'add' | 'remove', summary: string, done: string): CommandDef {
  return {
    name,
    summary,
    usage: 'APP [PROCESS,PROCESS…]',
    appScoped: true,
    minArgs: 1,
    async run({ app, args, out, services }) {
      const processes = (args[1] ?? '_all_').split(',').filter(Boolean);
      const other = key === SETTING.checksDisabled ? SETTING.checksSkipped : SETTING.checksDisabled;
      // A process is disabled or skipped, never both (as Dokku keeps them).
      if (how === 'add') removeFrom(services, app, [other], processes);
      const updated = how === 'add' ? addTo(services, app, key, processes) : removeFrom(services, app, [SETTING.checksDisabled, SETTING.checksSkipped], processes);
      out.step(`${done} checks for ${processes.join(', ').replace('_all_', 'every process')}${updated ? '' : ' (no change)'}`);
    },
  };
}

function seconds(key: string): PropertyCheck {
  return (v) => /^\d+(\.\d+)?$/.test(v) || `${key} must be a number of seconds`;
}

function listOf(s: Services, app: string, key: string): string {
  return s.store.settings.get(app, key) || 'none';
}

function addTo(s: Services, app: string, key: string, processes: string[]): boolean {
  const now = new Set(processes.includes('_all_') ? [] : (s.store.settings.get(app, key) ?? '').split(',').filter((p) => p && p !== '_all_'));
  const before = now.size;
  for (const p of processes) now.add(p);
  s.store.settings.set(app, key, [...now].join(','));
  return now.size !== before;
}

function removeFrom(s: Services, app: string, keys: string[], processes: string[]): boolean {
  let changed = false;
  for (const key of keys) {
    const now = (s.store.settings.get(app, key) ?? '').split(',').filter(Boolean);
    const kept = processes.includes('_all_') || now.includes('_all_') ? [] : now.filter((p) => !processes.includes(p));
    changed ||= kept.length !== now.length;
    s.store.settings.set(app, key, kept.join(','));
  }
  return changed;
}
