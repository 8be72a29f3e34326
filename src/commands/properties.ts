/**
 * Dokku's `*:set (APP|--global) KEY [VALUE]` shape: a value sets the
 * property, none unsets it; `--global` sets the default every app inherits
 * (admins only, as dispatch checks).
 */
import { UserError } from '../core/errors.js';
import { GLOBAL } from '../store/config.js';
import type { CommandContext, CommandDef } from './types.js';

/** A property's check: true, or the one line saying why the value is refused. */
export type PropertyCheck = (value: string) => true | string;

export interface PropertySpec {
  name: string;
  summary: string;
  properties: Record<string, PropertyCheck>;
  /** Properties that take --global (default: all, when `global` is set). */
  global?: boolean | string[];
  /** The settings key of a property (default `NAMESPACE.KEY`). */
  setting?: (key: string) => string;
  /** Runs after a change, for what must follow it (a refresh of the router). */
  after?: (ctx: CommandContext, target: string, key: string) => Promise<void>;
}

export function propertySetter(spec: PropertySpec): CommandDef {
  const namespace = spec.name.split(':')[0] as string;
  const keys = Object.keys(spec.properties);
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.global ? '(APP|--global)' : 'APP'} ${keys.join('|')} [VALUE]`,
    appScoped: true,
    globalFlag: Boolean(spec.global),
    minArgs: 1,
    flags: spec.global ? { global: 'boolean' } : {},
    async run(ctx) {
      const target = ctx.flags.global ? GLOBAL : ctx.app;
      const [key, ...rest] = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      if (!key) throw new UserError('No property specified');
      const check = spec.properties[key];
      if (!check) throw new UserError(`Invalid property specified, valid properties include: ${keys.join(', ')}`);
      if (target === GLOBAL && Array.isArray(spec.global) && !spec.global.includes(key)) throw new UserError(`Property ${key} cannot be set globally`);
      const value = rest.join(' ');
      const setting = spec.setting?.(key) ?? `${namespace}.${key}`;
      if (value === '') {
        ctx.services.store.settings.unset(target, setting);
        ctx.out.step(`Unsetting ${key}`);
      } else {
        const verdict = check(value);
        if (verdict !== true) throw new UserError(verdict);
        ctx.services.store.settings.set(target, setting, value);
        ctx.out.step(`Setting ${key} to ${value}`);
      }
      await spec.after?.(ctx, target, key);
    },
  };
}
