import { requireApp } from '../apps.js';
import { restartApp } from '../deploy/redeploy.js';
import { checkEnvSize } from '../env-limits.js';
import { UserError } from '../errors.js';
import type { Output } from '../output.js';
import { GLOBAL } from '../store/config.js';
import { printJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TARGET = '(--global|APP)';

export const commands: CommandDef[] = [
  config('config:set', 'Set config vars; restarts the app with a zero-downtime swap unless --no-restart', `[--encoded] [--no-restart] ${TARGET} KEY=VALUE…`, 1, async (ctx, target) => {
    const values = Object.fromEntries(ctx.args.map((pair) => parsePair(pair, Boolean(ctx.flags.encoded))));
    if (!Object.keys(values).length) throw new UserError('config:set needs at least one KEY=VALUE');
    checkFits(ctx, target, values);
    ctx.services.store.config.set(target, values);
    ctx.out.step(`Setting config vars: ${Object.keys(values).join(', ')}`);
    await restart(ctx, target);
  }),
  config('config:unset', 'Unset config vars (restarts unless --no-restart)', `[--no-restart] ${TARGET} KEY…`, 1, async (ctx, target) => {
    ctx.args.forEach(validKey);
    ctx.services.store.config.unset(target, ctx.args);
    ctx.out.step(`Unsetting config vars: ${ctx.args.join(', ')}`);
    await restart(ctx, target);
  }),
  config('config:clear', 'Unset every config var (restarts unless --no-restart)', `[--no-restart] ${TARGET}`, 0, async (ctx, target) => {
    ctx.services.store.config.unset(target, Object.keys(ctx.services.store.config.all(target)));
    ctx.out.step('Cleared the config vars');
    await restart(ctx, target);
  }),
  config('config:get', 'Print one config var (exit 1 if unset)', `${TARGET} KEY`, 1, async (ctx, target) => {
    const value = ctx.services.store.config.all(target)[validKey(ctx.args[0] as string)];
    if (value === undefined) return 1;
    ctx.out.line(value);
  }),
  config('config:keys', 'List config var names', TARGET, 0, async (ctx, target) => {
    for (const key of Object.keys(ctx.services.store.config.all(target))) ctx.out.line(key);
  }),
  config('config:show', 'Show config vars', `${TARGET} [--format json]`, 0, async (ctx, target) => show(ctx.out, target, ctx.services.store.config.all(target), ctx.flags.format === 'json')),
  config('config:export', 'Print config vars as shell exports, json or an env file', `[--format shell|json|envfile] ${TARGET}`, 0, async (ctx, target) => {
    const format = (ctx.flags.format as string | undefined) ?? 'shell';
    const vars = ctx.services.store.config.all(target);
    if (format === 'json') return printJson(ctx.out, vars);
    if (format !== 'shell' && format !== 'envfile') throw new UserError(`unknown format ${format} (shell, json, envfile)`);
    for (const [k, v] of Object.entries(vars)) ctx.out.line(format === 'shell' ? `export ${k}=${shellQuote(v)}` : `${k}=${JSON.stringify(v)}`);
  }),
];

/** A config command: `--global` or an app as the first argument, then its own arguments. */
function config(name: string, summary: string, usage: string, minArgs: number, run: (ctx: CommandContext, target: string) => Promise<number | void>): CommandDef {
  return {
    name,
    summary,
    usage,
    appScoped: true,
    globalFlag: true,
    flags: { global: 'boolean', 'no-restart': 'boolean', encoded: 'boolean', format: 'string' },
    async run(ctx) {
      const target = ctx.flags.global ? GLOBAL : (ctx.args.shift() as string | undefined);
      if (!target) throw new UserError(`${name} needs an app or --global`);
      if (target !== GLOBAL) requireApp(ctx.services, target);
      if (ctx.args.length < minArgs) throw new UserError(`usage: berth ${name} ${usage}`);
      return run(ctx, target);
    },
  };
}

/** Refuses values the kernel would refuse when a container starts, before anything is stored. */
function checkFits(ctx: CommandContext, target: string, values: Record<string, string>): void {
  const store = ctx.services.store.config;
  const apps = target === GLOBAL ? ctx.services.store.apps.list().map((a) => a.name) : [target];
  const global = { ...store.all(GLOBAL), ...(target === GLOBAL ? values : {}) };
  checkEnvSize(global);
  for (const app of apps) checkEnvSize({ ...global, ...store.all(app), ...(target === GLOBAL ? {} : values) });
}

function parsePair(pair: string, encoded: boolean): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UserError(`'${pair.slice(0, 40)}' is not KEY=VALUE`);
  const key = validKey(pair.slice(0, eq));
  const raw = pair.slice(eq + 1);
  if (!encoded) return [key, raw];
  const decoded = Buffer.from(raw, 'base64');
  if (decoded.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, '')) throw new UserError(`the value of ${key} is not base64 (--encoded)`);
  return [key, decoded.toString('utf8')];
}

function validKey(key: string): string {
  if (!KEY.test(key)) throw new UserError(`invalid config key '${key.slice(0, 40)}': use letters, digits and _, not starting with a digit`);
  return key;
}

async function restart(ctx: CommandContext, target: string): Promise<void> {
  if (ctx.flags['no-restart']) return;
  const apps = target === GLOBAL ? ctx.services.store.apps.list().map((a) => a.name) : [target];
  for (const app of apps) if (ctx.services.store.apps.currentDeploy(app) !== null) await restartApp(ctx.services, app, ctx.out, 'config');
}

function show(out: Output, target: string, vars: Record<string, string>, json: boolean): void {
  if (json) return printJson(out, vars);
  out.heading(`${target === GLOBAL ? 'global' : target} env vars`);
  const width = Math.max(0, ...Object.keys(vars).map((k) => k.length)) + 2;
  for (const [k, v] of Object.entries(vars)) out.line(`${`${k}:`.padEnd(width)}${v}`);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
