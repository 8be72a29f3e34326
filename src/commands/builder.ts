import { requireApp } from '../apps.js';
import { imageProblem } from '../build/image-policy.js';
import { BUILDERS } from '../build/select.js';
import { buildSettings } from '../build/settings.js';
import { UserError } from '../errors.js';
import { GLOBAL } from '../store/config.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';

export const commands: CommandDef[] = [
  setter('builder:set', 'Choose the builder (selected) or a monorepo subfolder (build-dir)', {
    selected: (v) => BUILDERS.includes(v as never) || `selected must be one of ${BUILDERS.join(', ')}`,
    'build-dir': (v) => (!v.split('/').includes('..') && !v.startsWith('/')) || 'build-dir must be a relative path inside the repo',
  }),
  setter('builder-dockerfile:set', 'Set dockerfile-path, or cache-build false to build without the layer cache', {
    'dockerfile-path': (v) => (!v.split('/').includes('..') && !v.startsWith('/')) || 'dockerfile-path must be a relative path',
    'cache-build': (v) => ['true', 'false'].includes(v) || 'cache-build must be true or false',
  }),
  {
    name: 'builder:report',
    summary: "Show an app's build settings",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      const b = buildSettings(services.store.settings, app);
      const report = { selected: b.selected ?? '', buildDir: b.buildDir ?? '', dockerfilePath: b.dockerfilePath, noCache: b.options.nocache, stack: b.stack };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} builder information`, report);
    },
  },
  {
    name: 'buildpacks:set-property',
    summary: 'Set the buildpack stack image for an app or --global',
    usage: '[--global|APP] stack [IMAGE]',
    appScoped: true,
    globalFlag: true,
    minArgs: 2,
    flags: { global: 'boolean' },
    async run(ctx) {
      const [target, key, value] = ctx.flags.global ? [GLOBAL, ...ctx.args] : ctx.args;
      if (key !== 'stack') throw new UserError(`unknown buildpacks property ${key} (stack)`);
      if (target !== GLOBAL) requireApp(ctx.services, target as string);
      // Checked again at each build: the name may point elsewhere by then. Admins too: an app's image is never a stack.
      const problem = value ? await imageProblem(ctx.services.docker, value, { instance: ctx.services.store.instance, app: target as string }, 'stack') : undefined;
      if (problem) throw new UserError(problem);
      setOrUnset(ctx, target as string, 'buildpacks.stack', value);
    },
  },
];

function setter(name: string, summary: string, keys: Record<string, (v: string) => true | string>): CommandDef {
  const namespace = name.split(':')[0] as string;
  return {
    name,
    summary,
    usage: `APP ${Object.keys(keys).join('|')} [VALUE]`,
    appScoped: true,
    minArgs: 2,
    async run(ctx) {
      const [app, key, value] = ctx.args as [string, string, string | undefined];
      requireApp(ctx.services, app);
      const check = keys[key];
      if (!check) throw new UserError(`unknown ${namespace} property ${key} (${Object.keys(keys).join(', ')})`);
      const verdict = value === undefined ? true : check(value);
      if (verdict !== true) throw new UserError(verdict);
      setOrUnset(ctx, app, `${namespace}.${key}`, value);
    },
  };
}

function setOrUnset(ctx: CommandContext, app: string, key: string, value: string | undefined): void {
  if (value === undefined || value === '') {
    ctx.services.store.settings.unset(app, key);
    ctx.out.step(`Unset ${key.split('.')[1]}`);
  } else {
    ctx.services.store.settings.set(app, key, value);
    ctx.out.step(`Set ${key.split('.')[1]} to ${value}`);
  }
}
