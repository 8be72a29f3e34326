import { mayUseApp } from '../access.js';
import { createApp, destroyApp, requireApp } from '../apps.js';
import { UserError } from '../errors.js';
import { validateAppName } from '../names.js';
import { printJson, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'apps:list',
    summary: 'List apps',
    usage: '[--format json]',
    appScoped: false,
    open: true,
    flags: { format: 'string' },
    async run({ out, flags, services, principal }) {
      const apps = services.store.apps.list().filter((a) => mayUseApp(principal, a.name));
      if (wantsJson(flags)) return printJson(out, apps.map((a) => a.name));
      out.heading('My Apps');
      for (const app of apps) out.line(app.name);
    },
  },
  {
    name: 'apps:create',
    summary: 'Create an app',
    usage: 'APP',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      const name = validateAppName(args[0] as string);
      if (!(await createApp(services, name))) throw new UserError(`app ${name} already exists`);
      out.step(`Creating ${name}...`);
    },
  },
  {
    name: 'apps:exists',
    summary: 'Exit 0 if the app exists, 1 if not',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ args, services, err }) {
      if (services.store.apps.get(args[0] as string)) return 0;
      err.error(`app ${args[0]} does not exist`);
      return 1;
    },
  },
  {
    name: 'apps:destroy',
    summary: 'Destroy an app: containers, images, repo and history',
    usage: 'APP [--force]',
    appScoped: true,
    minArgs: 1,
    flags: { force: 'boolean' },
    async run({ args, flags, out, services }) {
      const name = args[0] as string;
      requireApp(services, name);
      if (!flags.force) throw new UserError(`destroying ${name} cannot be undone; run again with --force to confirm`);
      out.step(`Destroying ${name} (including all add-ons)`);
      await destroyApp(services, name, () => out.step(`waiting for the deploy of ${name} to finish`));
    },
  },
];
