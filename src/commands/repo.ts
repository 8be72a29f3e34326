import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { gc } from '../git.js';
import { appLabels, cacheVolumeName } from '../labels.js';
import { paths } from '../paths.js';
import type { Services } from '../services.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'repo:purge-cache',
    summary: "Remove an app's build cache (its volume and dangling build images)",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      if (services.locks.isHeld(app)) throw new UserError(`a build of ${app} is running; purge its cache once it has finished`);
      const release = await services.locks.acquire(app);
      try {
        const freed = await purge(services, app);
        out.step(`Purged the build cache of ${app}: freed ${formatBytes(freed)}`);
      } finally {
        release();
      }
    },
  },
  report('repo:report'),
  report('repo:cache-report'),
  {
    name: 'repo:gc',
    summary: "Run git gc on an app's repo",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      await gc(paths.repo(services.settings.home, app));
      out.step(`Ran git gc on ${app}`);
    },
  },
];

function report(name: string): CommandDef {
  return {
    name,
    summary: "Show an app's build cache: size and last use",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const volume = cacheVolumeName(services.store.instance, app);
      const exists = (await services.docker.listVolumes(appLabels(services.store.instance, app))).includes(volume);
      const size = exists ? ((await services.docker.volumeSizes())[volume] ?? 0) : 0;
      const data = { cacheVolume: exists ? volume : '', cacheSize: size, cacheLastUsed: services.store.settings.get(app, 'cache.last-used') ?? '' };
      if (wantsJson(flags)) return printJson(out, data);
      printReport(out, `${app} repo information`, {
        'Cache volume': data.cacheVolume || '(none)',
        'Cache size': formatBytes(size),
        'Cache last used': data.cacheLastUsed || 'never',
      });
    },
  };
}

/** Removes the cache volume, dangling build images and any old on-disk cache; returns bytes freed. */
async function purge(s: Services, app: string): Promise<number> {
  const labels = appLabels(s.store.instance, app);
  const volume = cacheVolumeName(s.store.instance, app);
  let freed = 0;
  if ((await s.docker.listVolumes(labels)).includes(volume)) {
    freed += (await s.docker.volumeSizes())[volume] ?? 0;
    await s.docker.removeVolume(volume);
  }
  for (const image of await s.docker.listDanglingImages(labels)) await s.docker.removeImage(image, true);
  // Older layouts kept caches on disk, where nothing ever cleaned them.
  await rm(join(s.settings.home, 'cache', app), { recursive: true, force: true });
  s.store.settings.unset(app, 'cache.last-used');
  return freed;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
