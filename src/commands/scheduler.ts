/** Dokku's scheduler:set and scheduler:report: which scheduler runs an app's containers. */
import { requireApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import { checkSchedulerName } from '../scheduler/index.js';
import { DOCKER_LOCAL } from '../scheduler/docker-local.js';
import { GLOBAL } from '../store/config.js';
import { SETTING } from '../store/setting-keys.js';
import { globalSetting, layeredSetting, reportCommand } from './report.js';
import type { CommandDef } from './types.js';

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
  reportCommand({
    name: 'scheduler:report',
    type: 'scheduler',
    summary: "Show which scheduler runs an app (every app's without one)",
    open: true,
    app: ({ services }, app) => layeredSetting(services, app, 'scheduler', 'selected', DOCKER_LOCAL, SETTING.schedulerSelected),
    global: ({ services }) => globalSetting(services, 'scheduler', 'selected', DOCKER_LOCAL, SETTING.schedulerSelected),
  }),
];
