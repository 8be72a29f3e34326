import { AccessDenied, isAdmin, requireAdmin } from '../access.js';
import { imageProblem } from '../build/image-policy.js';
import { requireApp } from '../apps.js';
import { deployArchive, deployImage, syncFrom } from '../deploy/sources.js';
import { UserError } from '../errors.js';
import { deployBranches } from '../receive/branches.js';
import { GLOBAL } from '../store/config.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<!\/|\.lock)$/;
const MAX_ARCHIVE = 512 * 1024 * 1024;

export const commands: CommandDef[] = [
  {
    name: 'git:set',
    summary: 'Set the deploy branch of an app (or --global)',
    usage: '(--global|APP) deploy-branch [BRANCH]',
    appScoped: true,
    globalFlag: true,
    minArgs: 1,
    flags: { global: 'boolean' },
    async run({ args, flags, out, services }) {
      const [target, key, value] = flags.global ? [GLOBAL, ...args] : args;
      if (target !== GLOBAL) requireApp(services, target as string);
      if (key !== 'deploy-branch') throw new UserError(`unknown git property ${key} (deploy-branch)`);
      if (value === undefined) return services.store.settings.unset(target as string, 'git.deploy-branch');
      if (!BRANCH.test(value)) throw new UserError(`invalid branch name '${value.slice(0, 80)}'`);
      services.store.settings.set(target as string, 'git.deploy-branch', value);
      out.step(`Set the deploy branch to ${value}`);
    },
  },
  {
    name: 'git:report',
    summary: "Show an app's git settings",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const report = { deployBranches: deployBranches(services, app), globalDeployBranch: services.store.settings.get(GLOBAL, 'git.deploy-branch') ?? '' };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} git information`, { 'Deploy branch': report.deployBranches.join(' or '), 'Global deploy branch': report.globalDeployBranch });
    },
  },
  {
    name: 'git:sync',
    summary: 'Fetch a revision from another repo; --build deploys it',
    usage: 'APP REPO_URL [REF] [--build]',
    appScoped: true,
    minArgs: 2,
    flags: { build: 'boolean' },
    async run({ args, flags, out, services, principal }) {
      const [app, url, ref] = args as [string, string, string | undefined];
      await syncFrom(services, app, url, ref, Boolean(flags.build), out, principal);
    },
  },
  {
    name: 'git:from-image',
    summary: 'Deploy a prebuilt local image (recorded as a release)',
    usage: 'APP IMAGE [USER EMAIL]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services, principal }) {
      const [app, image, name, email] = args as [string, string, string | undefined, string | undefined];
      // Admins may promote one app's image to another; a tenant uses its own and public images only.
      const problem = isAdmin(principal) ? undefined : await imageProblem(services.docker, image, { instance: services.store.instance, app }, 'deploy');
      if (problem) throw new AccessDenied(problem);
      await deployImage(services, app, image, name && email ? { name, email } : undefined, out, principal);
    },
  },
  {
    name: 'git:from-archive',
    summary: 'Deploy a tar, tar.gz or zip of the source (URL, or - for stdin)',
    usage: 'APP URL|-',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services, readStdin, principal }) {
      const [app, source] = args as [string, string];
      // The daemon's network is not the caller's: only admins make it download.
      if (source !== '-') requireAdmin(principal, 'make berth download archives (send one on stdin with -)');
      const archive = source === '-' ? await readStdin() : await download(source);
      if (archive.length > MAX_ARCHIVE) throw new UserError('the archive is larger than 512 MiB');
      await deployArchive(services, app, archive, source === '-' ? 'stdin' : source, out, principal);
    },
  },
];

async function download(url: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(url)) throw new UserError(`'${url}' is not an http(s) URL or -`);
  const res = await fetch(url).catch((err: unknown) => {
    throw new UserError(`cannot download ${url}: ${(err as Error).message}`, { cause: err });
  });
  if (!res.ok || !res.body) throw new UserError(`cannot download ${url}: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Uint8Array).length;
    if (size > MAX_ARCHIVE) throw new UserError('the archive is larger than 512 MiB');
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
