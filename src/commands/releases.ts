import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { runDeploy } from '../deploy/pipeline.js';
import { currentDeploy } from '../deploy/redeploy.js';
import { imageKept, keepCount, pruneImages } from '../deploy/retention.js';
import { UserError } from '../core/errors.js';
import { elapsed } from '../core/output.js';
import type { Services } from '../core/services.js';
import type { Deploy } from '../store/deploys.js';
import { printJson, printTable, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

export const commands: CommandDef[] = [list('releases'), list('deploys:list')];

commands.push(
  {
    name: 'releases:info',
    summary: 'Show one release (or deploy id with --deploy) and its log',
    usage: 'APP N [--format json]',
    appScoped: true,
    minArgs: 2,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const deploy = release(services, args[0] as string, args[1] as string);
      if (wantsJson(flags)) return printJson(out, view(services, deploy));
      out.heading(`${deploy.app} release v${deploy.release}`);
      for (const [k, v] of Object.entries(view(services, deploy))) out.line(`       ${`${k}:`.padEnd(16)}${typeof v === 'object' ? JSON.stringify(v) : String(v ?? '')}`);
      out.heading('log');
      out.write(await readFile(deploy.logPath, 'utf8').catch(() => '(no log)\n'));
    },
  },
  {
    name: 'releases:rollback',
    summary: 'Swap back to release N (default: the one before the current) with its config, without a build',
    usage: 'APP [N]',
    appScoped: true,
    minArgs: 1,
    async run({ app, args, out, services }) {
      const target = args[1] ? release(services, app, args[1]) : previous(services, app);
      if (!target.image || !(await imageKept(services, target.image))) throw new UserError(`the image of release v${target.release} is gone (only the last ${keepCount(services, app)} are kept)`);
      out.step(`Rolling ${app} back to release v${target.release} (${target.rev.slice(0, 7)})`);
      const config = services.store.deploys.configOf(target.id);
      await runDeploy({ app, source: { kind: 'image', rev: target.rev, image: target.image }, trigger: `rollback to v${target.release}`, config }, services, out);
    },
  },
  {
    name: 'releases:set',
    summary: 'Set how many releases keep their images for rollback (keep K, default 5)',
    usage: 'APP keep [K]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, key, value] = args as [string, string, string | undefined];
      if (key !== 'keep') throw new UserError(`unknown releases property ${key} (keep)`);
      if (value === undefined) services.store.settings.unset(app, SETTING.releasesKeep);
      else if (!/^[1-9]\d*$/.test(value)) throw new UserError('keep must be a whole number of at least 1');
      else services.store.settings.set(app, SETTING.releasesKeep, value);
      const release = await services.locks.acquire(app, { onWait: () => out.step(`waiting for the deploy of ${app} to finish`) });
      const removed = await pruneImages(services, app).finally(release);
      out.step(`Keeping the images of the last ${keepCount(services, app)} releases${removed.length ? ` (removed ${removed.length})` : ''}`);
    },
  },
);

function list(name: string): CommandDef {
  return {
    name,
    summary: name === 'releases' ? "List an app's deploys and releases, newest last" : 'Alias of releases',
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }: CommandContext) {
      const app = args[0] as string;
      const deploys = services.store.deploys.list(app);
      if (wantsJson(flags)) return printJson(out, deploys.map((d) => view(services, d)));
      const current = services.store.apps.currentDeploy(app);
      const rows = deploys.map((d) => [
        d.release === null ? '' : `v${d.release}${d.id === current ? '*' : ''}`,
        String(d.id),
        d.status,
        d.rev.slice(0, 7),
        d.trigger,
        d.startedAt,
        Object.entries(d.phases).map(([k, v]) => `${k} ${elapsed(v)}`).join(', '),
        d.error ?? '',
      ]);
      printTable(out, ['RELEASE', 'DEPLOY', 'STATUS', 'REV', 'TRIGGER', 'STARTED', 'PHASES', 'ERROR'], rows);
    },
  };
}

/** What a release shows: never its config values, only a version of them. */
function view(s: Services, d: Deploy) {
  const { logPath: _log, ...rest } = d;
  return { ...rest, configVersion: d.release === null ? null : configVersion(s.store.deploys.configOf(d.id)) };
}

function configVersion(config: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 8);
}

function release(s: Services, app: string, n: string): Deploy {
  const number = Number(n.replace(/^v/, ''));
  const deploy = Number.isInteger(number) ? s.store.deploys.byRelease(app, number) : undefined;
  if (!deploy) throw new UserError(`app ${app} has no release ${n}`);
  return deploy;
}

function previous(s: Services, app: string): Deploy {
  const current = currentDeploy(s, app);
  const older = s.store.deploys.list(app).filter((d) => d.release !== null && (d.release as number) < (current.release ?? Infinity));
  const target = older.at(-1);
  if (!target) throw new UserError(`app ${app} has no release before v${current.release}`);
  return target;
}
