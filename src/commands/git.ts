import { AccessDenied, isAdmin, requireAdmin } from '../access/principal.js';
import { imageProblem } from '../build/image-policy.js';
import { deployArchive, deployImage, syncFrom } from '../deploy/sources.js';
import { UserError } from '../core/errors.js';
import { propertySetter } from './properties.js';
import { globalSetting, layeredSetting, reportCommand } from './report.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<!\/|\.lock)$/;
const MAX_ARCHIVE = 512 * 1024 * 1024;

export const commands: CommandDef[] = [
  propertySetter({
    name: 'git:set',
    summary: 'Set the deploy branch (app or --global), or the env var that holds the revision (rev-env-var)',
    global: ['deploy-branch', 'keep-git-dir'],
    properties: {
      'deploy-branch': (v) => BRANCH.test(v) || `invalid branch name '${v.slice(0, 80)}'`,
      'rev-env-var': (v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) || `invalid env var name '${v.slice(0, 80)}'`,
      // berth builds from the revision's files: the .git folder is never in the build.
      'keep-git-dir': (v) => v === 'false' || 'berth builds without the .git folder: keep-git-dir can only be false',
    },
  }),
  reportCommand({
    name: 'git:report',
    type: 'git',
    summary: "Show an app's git settings",
    app({ services }, app) {
      const id = services.store.apps.currentDeploy(app);
      const deploy = id === null ? undefined : services.store.deploys.get(id);
      return {
        ...layeredSetting(services, app, 'git', 'deploy-branch', 'master'),
        ...layeredSetting(services, app, 'git', 'keep-git-dir', 'false'),
        'git-rev-env-var': services.store.settings.get(app, SETTING.revEnvVar) ?? 'GIT_REV',
        'git-sha': deploy && /^[0-9a-f]{40}$/.test(deploy.rev) ? deploy.rev : '',
        'git-last-updated-at': deploy ? String(Math.floor(Date.parse(deploy.startedAt) / 1000)) : '',
      };
    },
    global: ({ services }) => ({ ...globalSetting(services, 'git', 'deploy-branch', 'master'), ...globalSetting(services, 'git', 'keep-git-dir', 'false') }),
  }),
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
