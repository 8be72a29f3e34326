import { imageProblem } from '../build/image-policy.js';
import { BUILDERS, DEFAULT_STACK } from '../build/select.js';
import { UserError } from '../core/errors.js';
import { GLOBAL } from '../store/config.js';
import { propertySetter } from './properties.js';
import { globalSetting, layeredSetting, reportCommand } from './report.js';
import type { CommandContext, CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

const relative = (what: string) => (v: string) => (!v.split('/').includes('..') && !v.startsWith('/')) || `${what} must be a relative path inside the repo`;

export const commands: CommandDef[] = [
  propertySetter({
    name: 'builder:set',
    summary: 'Choose the builder (selected) or a monorepo subfolder (build-dir), for an app or --global',
    global: true,
    properties: {
      selected: (v) => BUILDERS.includes(v as never) || `selected must be one of ${BUILDERS.join(', ')}`,
      'build-dir': relative('build-dir'),
    },
  }),
  propertySetter({
    name: 'builder-dockerfile:set',
    summary: 'Set dockerfile-path (app or --global), or cache-build false to build without the layer cache',
    global: ['dockerfile-path'],
    properties: { 'dockerfile-path': relative('dockerfile-path'), 'cache-build': (v) => ['true', 'false'].includes(v) || 'cache-build must be true or false' },
  }),
  reportCommand({
    name: 'builder:report',
    type: 'builder',
    summary: "Show an app's builder settings",
    app: ({ services }, app) => ({
      'builder-detected': '',
      ...layeredSetting(services, app, 'builder', 'selected', ''),
      ...layeredSetting(services, app, 'builder', 'build-dir', ''),
    }),
    global: ({ services }) => ({ ...globalSetting(services, 'builder', 'selected', ''), ...globalSetting(services, 'builder', 'build-dir', '') }),
  }),
  reportCommand({
    name: 'builder-dockerfile:report',
    type: 'builder-dockerfile',
    summary: "Show an app's Dockerfile build settings",
    app: ({ services }, app) => ({
      ...layeredSetting(services, app, 'builder-dockerfile', 'dockerfile-path', 'Dockerfile'),
      'builder-dockerfile-cache-build': services.store.settings.get(app, SETTING.dockerfileCacheBuild) ?? '',
    }),
    global: ({ services }) => globalSetting(services, 'builder-dockerfile', 'dockerfile-path', 'Dockerfile'),
  }),
  reportCommand({
    name: 'buildpacks:report',
    type: 'buildpacks',
    summary: "Show an app's buildpack stack",
    app: ({ services }, app) => ({ 'buildpacks-list': '', ...layeredSetting(services, app, 'buildpacks', 'stack', DEFAULT_STACK) }),
    global: ({ services }) => globalSetting(services, 'buildpacks', 'stack', DEFAULT_STACK),
  }),
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
      if (key !== 'stack') throw new UserError(`Invalid property specified, valid properties include: stack`);
      // Checked again at each build: the name may point elsewhere by then. Admins too: an app's image is never a stack.
      const problem = value ? await imageProblem(ctx.services.docker, value, { instance: ctx.services.store.instance, app: target as string }, 'stack') : undefined;
      if (problem) throw new UserError(problem);
      setOrUnset(ctx, target as string, SETTING.buildpackStack, value);
    },
  },
];

function setOrUnset(ctx: CommandContext, app: string, key: string, value: string | undefined): void {
  if (value === undefined || value === '') {
    ctx.services.store.settings.unset(app, key);
    ctx.out.step(`Unset ${key.split('.')[1]}`);
  } else {
    ctx.services.store.settings.set(app, key, value);
    ctx.out.step(`Set ${key.split('.')[1]} to ${value}`);
  }
}
