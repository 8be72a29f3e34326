import { isAdmin, mayUseApp, requireAdmin } from '../access.js';
import { cloneApp, renameApp } from '../app-copy.js';
import { appUrl } from '../deploy/hosts.js';
import { paths } from '../paths.js';
import { deployBranches } from '../receive/branches.js';
import { createApp, destroyApp, requireApp } from '../apps.js';
import { UserError } from '../errors.js';
import { validateAppName } from '../names.js';
import { storageOf } from '../runtime/storage-access.js';
import { printJson, printReport, wantsJson } from './format.js';
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
    async run({ args, flags, out, services, tty, prompt }) {
      const name = args[0] as string;
      requireApp(services, name);
      if (!flags.force) {
        if (!tty) throw new UserError(`destroying ${name} cannot be undone; with no terminal to confirm on, run again with --force`);
        const typed = await prompt(` !     WARNING: Potentially Destructive Action\n !     This command will destroy app ${name}.\n !     To proceed, type "${name}"\n\n> `);
        if (typed !== name) throw new UserError('Confirmation did not match. Aborted.');
      }
      out.step(`Destroying ${name} (including all add-ons)`);
      const storage = storageOf(services, name);
      await destroyApp(services, name, () => out.step(`waiting for the deploy of ${name} to finish`));
      if (storage.length) out.step(`Named storage ${storage.join(', ')} was left in place; storage:destroy NAME removes it`);
    },
  },
  {
    name: 'apps:rename',
    summary: 'Rename an app (it is redeployed under the new name)',
    usage: 'OLD NEW',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services, principal }) {
      requireAdmin(principal, 'rename apps');
      await renameApp(services, args[0] as string, args[1] as string, out);
    },
  },
  {
    name: 'apps:clone',
    summary: 'Copy an app (repo, config, settings) and deploy the copy',
    usage: 'OLD NEW [--skip-deploy] [--ignore-existing]',
    appScoped: true,
    minArgs: 2,
    flags: { 'skip-deploy': 'boolean', 'ignore-existing': 'boolean' },
    async run({ args, flags, out, services, principal }) {
      requireAdmin(principal, 'create apps');
      const opts = { skipDeploy: Boolean(flags['skip-deploy']), ignoreExisting: Boolean(flags['ignore-existing']) };
      await cloneApp(services, args[0] as string, args[1] as string, opts, out);
    },
  },
  lockCommand('apps:lock', 'Refuse deploys of an app until apps:unlock', true),
  lockCommand('apps:unlock', 'Allow deploys of an app again', false),
  {
    name: 'apps:report',
    summary: 'Show an app: deploy, revision, lock, URL',
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services, principal }) {
      const app = args[0] as string;
      requireApp(services, app);
      const id = services.store.apps.currentDeploy(app);
      const deploy = id === null ? undefined : services.store.deploys.get(id);
      const report = {
        app,
        createdAt: services.store.apps.get(app)?.createdAt,
        locked: services.store.settings.get(app, 'apps.locked') === '1',
        deploy: id,
        rev: deploy?.rev ?? '',
        deployBranches: deployBranches(services, app),
        url: appUrl(services, app),
        // The server's own paths are for admins; a tenant clones over git.
        ...(isAdmin(principal) ? { repo: paths.repo(services.settings.home, app) } : {}),
      };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} app information`, report);
    },
  },
];

function lockCommand(name: string, summary: string, lock: boolean): CommandDef {
  return {
    name,
    summary,
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ args, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      if (lock) services.store.settings.set(app, 'apps.locked', '1');
      else services.store.settings.unset(app, 'apps.locked');
      out.step(`${lock ? 'Locked' : 'Unlocked'} ${app}`);
    },
  };
}
