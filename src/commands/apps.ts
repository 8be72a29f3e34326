import { isAdmin, mayUseApp, requireAdmin } from '../access/principal.js';
import { cloneApp, renameApp } from '../apps/copy.js';
import { appHosts, appUrl } from '../deploy/hosts.js';
import { paths } from '../core/paths.js';
import { createApp, destroyApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import { storageOf } from '../runtime/storage-access.js';
import { wantsJson } from './format.js';
import { reportCommand } from './report.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

export const commands: CommandDef[] = [
  {
    name: 'apps:list',
    summary: 'List apps',
    usage: '[--format json]',
    appScoped: false,
    open: true,
    flags: { format: 'string' },
    async run({ out, err, flags, services, principal }) {
      const apps = services.store.apps.list().filter((a) => mayUseApp(principal, a.name));
      if (wantsJson(flags)) return out.line(JSON.stringify(apps.map((a) => a.name)));
      if (!apps.length) return err.error("You haven't deployed any applications yet");
      out.heading('My Apps');
      for (const app of apps) out.line(app.name);
    },
  },
  {
    name: 'apps:create',
    summary: 'Create an app',
    usage: 'APP',
    appScoped: true,
    newApp: true,
    minArgs: 1,
    async run({ app, out, services, principal }) {
      requireAdmin(principal, 'create apps');
      if (!(await createApp(services, app))) throw new UserError(`Name is already taken`);
      out.step(`Creating ${app}...`);
    },
  },
  {
    name: 'apps:exists',
    summary: 'Exit 0 if the app exists, 1 if not',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    // Dispatch has refused an app that does not exist.
    async run() {
      return 0;
    },
  },
  {
    name: 'apps:destroy',
    summary: 'Destroy an app: containers, images, repo and history',
    usage: 'APP [--force]',
    appScoped: true,
    minArgs: 1,
    flags: { force: 'boolean' },
    async run({ app: name, flags, out, services, tty, prompt }) {
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
    async run({ app, args, out, services, principal }) {
      requireAdmin(principal, 'rename apps');
      await renameApp(services, app, args[1] as string, out);
    },
  },
  {
    name: 'apps:clone',
    summary: 'Copy an app (repo, config, settings) and deploy the copy',
    usage: 'OLD NEW [--skip-deploy] [--ignore-existing]',
    appScoped: true,
    minArgs: 2,
    flags: { 'skip-deploy': 'boolean', 'ignore-existing': 'boolean' },
    async run({ app, args, flags, out, services, principal }) {
      requireAdmin(principal, 'create apps');
      const opts = { skipDeploy: Boolean(flags['skip-deploy']), ignoreExisting: Boolean(flags['ignore-existing']) };
      await cloneApp(services, app, args[1] as string, opts, out);
    },
  },
  {
    name: 'url',
    summary: "Print the app's first URL",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      out.line(appUrl(services, app));
    },
  },
  {
    name: 'urls',
    summary: 'Print every URL the app answers at',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      const port = services.ports.router;
      for (const host of appHosts(services, app)) out.line(`http://${host}${port === 80 ? '' : `:${port}`}`);
    },
  },
  lockCommand('apps:lock', 'Refuse deploys of an app until apps:unlock', true),
  lockCommand('apps:unlock', 'Allow deploys of an app again', false),
  reportCommand({
    name: 'apps:report',
    type: 'app',
    summary: 'Show an app: when it was made, its deploy source, its lock',
    app({ services, principal }, app) {
      const id = services.store.apps.currentDeploy(app);
      const deploy = id === null ? undefined : services.store.deploys.get(id);
      return {
        'app-created-at': String(Math.floor(Date.parse(services.store.apps.get(app)?.createdAt ?? '') / 1000) || ''),
        'app-deploy-source': deploy ? deploySource(deploy.rev) : '',
        'app-deploy-source-metadata': deploy?.rev ?? '',
        // The server's own paths are for admins; a tenant clones over git.
        'app-dir': isAdmin(principal) ? paths.repo(services.settings.home, app) : '',
        'app-global-disable-autocreation': 'false',
        'app-locked': String(services.store.settings.get(app, SETTING.locked) === '1'),
      };
    },
    global: () => ({ 'app-global-disable-autocreation': 'false' }),
  }),
];

// berth records a git revision, or an image for git:from-image.
function deploySource(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? 'git' : 'docker-image';
}

function lockCommand(name: string, summary: string, lock: boolean): CommandDef {
  return {
    name,
    summary,
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      if (lock) services.store.settings.set(app, SETTING.locked, '1');
      else services.store.settings.unset(app, SETTING.locked);
      out.step(`${lock ? 'Locked' : 'Unlocked'} ${app}`);
    },
  };
}
