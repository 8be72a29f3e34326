import { UserError } from '../core/errors.js';
import { gc } from '../git.js';
import { buildCache, purgeBuildCache } from '../build/cache.js';
import { paths } from '../core/paths.js';
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
        const freed = await purgeBuildCache(services, app);
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
      const cache = await buildCache(services, app);
      const [size, data] = [cache.bytes, { cacheVolume: cache.volume, cacheSize: cache.bytes, cacheLastUsed: cache.lastUsed }];
      if (wantsJson(flags)) return printJson(out, data);
      printReport(out, `${app} repo information`, {
        'Cache volume': data.cacheVolume || '(none)',
        'Cache size': formatBytes(size),
        'Cache last used': data.cacheLastUsed || 'never',
      });
    },
  };
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
