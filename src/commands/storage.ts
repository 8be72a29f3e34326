import { chown, mkdir, rm } from 'node:fs/promises';
import { isAdmin, requireAppAccess } from '../access/principal.js';
import { UserError } from '../core/errors.js';
import { appMounts, setAppMounts } from '../runtime/index.js';
import { appsMounting, requireEntry, requireEntryAccess, requireMountAccess, storageStore } from '../runtime/storage-access.js';
import { hostPathOf, mountLine, parseMount, storagePath, validateStorageName } from '../runtime/storage.js';
import { printJson, printReport, printTable, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';

// Dokku's --chown choices: the uid:gid the image's processes run as.
const OWNERS: Record<string, number | null> = { herokuish: 32767, heroku: 1000, paketo: 2000, packeto: 2000, root: 0, false: null };

export const commands: CommandDef[] = [
  {
    name: 'storage:create',
    summary: 'Create a named storage entry (tenants: --app one of their apps)',
    usage: 'NAME [--app APP] [--chown herokuish|heroku|paketo|root|false]',
    appScoped: false,
    open: true,
    minArgs: 1,
    flags: { app: 'string', chown: 'string' },
    run: (ctx) => createEntry(ctx, 'create'),
  },
  {
    name: 'storage:ensure-directory',
    summary: 'Create a storage directory (as storage:create; Dokku’s older name)',
    usage: 'NAME [--app APP] [--chown herokuish|heroku|paketo|root|false]',
    appScoped: false,
    open: true,
    minArgs: 1,
    flags: { app: 'string', chown: 'string' },
    run: (ctx) => createEntry(ctx, 'ensure'),
  },
  {
    name: 'storage:destroy',
    summary: 'Remove a named storage entry and its data (refused while mounted)',
    usage: 'NAME',
    appScoped: false,
    open: true,
    minArgs: 1,
    async run({ args, out, services, principal }) {
      const entry = requireEntry(services, args[0] as string);
      requireEntryAccess(principal, entry);
      const users = appsMounting(services, entry.name);
      if (users.length) throw new UserError(`storage ${entry.name} is mounted by ${users.join(', ')}; storage:unmount it first`);
      storageStore(services).remove(entry.name);
      if (entry.hostPath === storagePath(services.settings.home, entry.name)) await rm(entry.hostPath, { recursive: true, force: true });
      out.step(`Destroyed storage ${entry.name}`);
    },
  },
  {
    name: 'storage:mount',
    summary: 'Mount named storage (NAME --container-dir PATH) or, admins only, HOST_DIR:CONTAINER_DIR',
    usage: 'APP NAME --container-dir PATH | APP HOST_DIR:CONTAINER_DIR',
    appScoped: true,
    minArgs: 2,
    flags: { 'container-dir': 'string' },
    async run({ args, flags, out, services, principal }) {
      const [app, spec] = args as [string, string];
      const mount = parseMount(spec, flags['container-dir'] as string | undefined);
      requireMountAccess(services, principal, mount);
      const mounts = appMounts(services, app);
      if (mounts.some((m) => m.containerDir === mount.containerDir)) throw new UserError(`${mount.containerDir} is already a mount point of ${app}`);
      setAppMounts(services, app, [...mounts, mount]);
      out.step(`Mounted ${mountLine(mount, services.settings.home)} for ${app}; applied from the next deploy or ps:restart`);
    },
  },
  {
    name: 'storage:unmount',
    summary: 'Remove a mount',
    usage: 'APP NAME [--container-dir PATH] | APP HOST_DIR:CONTAINER_DIR',
    appScoped: true,
    minArgs: 2,
    flags: { 'container-dir': 'string' },
    async run({ args, flags, out, services }) {
      const [app, spec] = args as [string, string];
      const dir = flags['container-dir'] as string | undefined;
      const mounts = appMounts(services, app);
      const byName = !spec.includes(':');
      const target = byName ? undefined : parseMount(spec, undefined);
      const gone = mounts.filter((m) => (byName ? m.source === spec && (!dir || m.containerDir === dir) : m.source === target?.source && m.containerDir === target.containerDir));
      if (!gone.length) throw new UserError(`${spec} is not mounted in ${app}`);
      setAppMounts(services, app, mounts.filter((m) => !gone.includes(m)));
      for (const m of gone) out.step(`Unmounted ${mountLine(m, services.settings.home)} from ${app}`);
    },
  },
  {
    name: 'storage:list',
    summary: "List an app's mounts (host:container)",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const home = services.settings.home;
      const mounts = appMounts(services, app);
      if (wantsJson(flags)) return printJson(out, mounts.map((m) => ({ host_path: hostPathOf(m, home), container_path: m.containerDir, volume_options: '', storage: m.kind === 'named' ? m.source : '' })));
      out.step(`${app} volume bind-mounts:`);
      for (const m of mounts) out.detail(mountLine(m, home));
    },
  },
  {
    name: 'storage:list-entries',
    summary: 'List named storage entries',
    usage: '[--format json]',
    appScoped: false,
    open: true,
    flags: { format: 'string' },
    async run({ flags, out, services, principal }) {
      const entries = storageStore(services).list().filter((e) => isAdmin(principal) || (e.app && principal.apps?.includes(e.app)));
      const rows = entries.map((e) => ({ name: e.name, host_path: e.hostPath, app: e.app ?? '', mounted_by: appsMounting(services, e.name) }));
      if (wantsJson(flags)) return printJson(out, rows);
      printTable(out, ['NAME', 'PATH', 'APP', 'MOUNTED BY'], rows.map((r) => [r.name, r.host_path, r.app, r.mounted_by.join(',')]));
    },
  },
  {
    name: 'storage:report',
    summary: "Show apps' storage mounts",
    usage: '[APP] [--format json]',
    appScoped: false,
    open: true,
    flags: { format: 'string' },
    async run({ args, flags, out, services, principal }) {
      const apps = args[0] ? [args[0]] : services.store.apps.list().map((a) => a.name).filter((a) => principal.apps === null || principal.apps.includes(a));
      for (const app of apps) {
        requireAppAccess(principal, app);
      }
      const home = services.settings.home;
      const report = Object.fromEntries(apps.map((app) => {
        const lines = appMounts(services, app).map((m) => `-v ${mountLine(m, home)}`);
        return [app, { 'Storage build mounts': [], 'Storage deploy mounts': lines, 'Storage run mounts': lines }];
      }));
      if (wantsJson(flags)) return printJson(out, args[0] ? report[args[0]] : report);
      for (const [app, fields] of Object.entries(report)) printReport(out, `${app} storage information`, fields);
    },
  },
];

async function createEntry({ args, flags, out, services, principal }: CommandContext, verb: 'create' | 'ensure'): Promise<void> {
  const name = validateStorageName(args[0] as string);
  const app = typeof flags.app === 'string' ? flags.app : null;
  if (app) {
    requireAppAccess(principal, app);
  } else if (!isAdmin(principal)) throw new UserError(`storage:${verb === 'create' ? 'create' : 'ensure-directory'} needs --app APP: a limited credential makes storage for one of its apps`);
  const chownTo = flags.chown === undefined ? 'herokuish' : String(flags.chown);
  if (!(chownTo in OWNERS)) throw new UserError(`invalid --chown ${chownTo}: use herokuish, heroku, paketo, root or false`);
  const store = storageStore(services);
  const existing = store.get(name);
  if (existing && verb === 'create') throw new UserError(`storage ${name} already exists`);
  if (existing) requireEntryAccess(principal, existing);
  const path = storagePath(services.settings.home, name);
  out.step(`Ensuring ${path} exists`);
  await mkdir(path, { recursive: true });
  const owner = OWNERS[chownTo];
  if (owner !== null && owner !== undefined) {
    out.detail(`Setting directory ownership to ${owner}:${owner}`);
    await chown(path, owner, owner).catch(() => out.detail('(not changed: the daemon may not change owners)'));
  }
  if (!existing) store.create({ name, hostPath: path, app });
  if (verb === 'create') out.step(`Created storage ${name}${app ? ` for ${app}` : ''}`);
}
