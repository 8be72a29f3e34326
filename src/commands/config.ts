import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { requireAdmin } from '../access/principal.js';
import { restartApp } from '../deploy/redeploy.js';
import { checkEnvSize } from '../apps/env-limits.js';
import { UserError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import { GLOBAL } from '../store/config.js';
import type { CommandContext, CommandDef } from './types.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TARGET = '(--global|APP)';

export const commands: CommandDef[] = [
  config('config:set', 'Set config vars; restarts the app with a zero-downtime swap unless --no-restart', `[--encoded] [--no-restart] ${TARGET} KEY=VALUE…`, 1, async (ctx, target) => {
    const values = Object.fromEntries(ctx.args.map((pair) => parsePair(pair, Boolean(ctx.flags.encoded))));
    if (!Object.keys(values).length) throw new UserError('At least one env pair must be given');
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
    const key = validKey(ctx.args[0] as string);
    const value = ctx.services.store.config.all(target)[key] ?? (key === 'GIT_REV' && target !== GLOBAL ? currentRev(ctx, target) : undefined);
    if (value === undefined) return 1;
    ctx.out.line(value);
  }),
  config('config:import', 'Set config vars from an env file or JSON object (FILE, or - for stdin); --replace drops the others', `[--replace] [--format envfile|json] [--no-restart] ${TARGET} FILE|-`, 1, async (ctx, target) => {
    const source = ctx.args[0] as string;
    // The daemon reads files as itself: a path is for admins, tenants send stdin.
    if (source !== '-') requireAdmin(ctx.principal, 'make berth read files (send them on stdin with -)');
    const text = source === '-' ? (await ctx.readStdin()).toString('utf8') : await readFile(resolve(ctx.cwd, source), 'utf8').catch(() => {
      throw new UserError(`cannot read ${source}`);
    });
    const values = parseImport(text, (ctx.flags.format as string | undefined) ?? 'envfile');
    for (const key of Object.keys(values)) validKey(key);
    checkFits(ctx, target, values);
    if (ctx.flags.replace) ctx.services.store.config.unset(target, Object.keys(ctx.services.store.config.all(target)));
    ctx.services.store.config.set(target, values);
    ctx.out.step(`Setting config vars: ${Object.keys(values).join(', ')}`);
    await restart(ctx, target);
  }),
  config('config:keys', 'List config var names', TARGET, 0, async (ctx, target) => {
    for (const key of Object.keys(ctx.services.store.config.all(target))) ctx.out.line(key);
  }),
  config('config:show', 'Show config vars', `${TARGET} [--format json]`, 0, async (ctx, target) => show(ctx.out, target, ctx.services.store.config.all(target), ctx.flags.format === 'json')),
  config('config:export', 'Print config vars (exports, envfile, docker-args, docker-args-keys, shell, json, json-list, pretty)', `[--format FORMAT] ${TARGET}`, 0, async (ctx, target) => {
    const text = exportVars(ctx.services.store.config.all(target), (ctx.flags.format as string | undefined) ?? 'exports');
    if (text) ctx.out.line(text);
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
    flags: { global: 'boolean', 'no-restart': 'boolean', encoded: 'boolean', format: 'string', replace: 'boolean', merged: 'boolean' },
    async run(ctx) {
      if (!ctx.flags.global && !ctx.app) throw new UserError('Please specify an app to run the command on');
      const target = ctx.flags.global ? GLOBAL : ctx.app;
      const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      if (rest.length < minArgs) throw new UserError(name === 'config:set' ? 'At least one env pair must be given' : `usage: berth ${name} ${usage}`);
      ctx.args = rest;
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

/** The revision the app runs, which Dokku keeps as the GIT_REV config var. */
function currentRev(ctx: CommandContext, app: string): string | undefined {
  const id = ctx.services.store.apps.currentDeploy(app);
  return id === null ? undefined : ctx.services.store.deploys.get(id)?.rev;
}

/** `KEY=VALUE` lines (export prefixes, quotes and comments allowed), or one JSON object of strings. */
export function parseImport(text: string, format: string): Record<string, string> {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UserError('the input is not JSON');
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UserError('the JSON input must be one object of KEY: "value"');
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  if (format !== 'envfile') throw new UserError(`Invalid format specified: ${format}`);
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const [key, value] = parsePair(line, false);
    values[key] = /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
  }
  return values;
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

/** Dokku's export formats, keys in byte order as the store returns them. */
export function exportVars(vars: Record<string, string>, format: string): string {
  const entries = Object.entries(vars);
  const quoted = (prefix: string) => entries.map(([k, v]) => `${prefix}${k}=${shellQuote(v)}`);
  switch (format) {
    case 'exports':
      return quoted('export ').join('\n');
    case 'envfile':
      return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n');
    case 'docker-args':
      return quoted('--env=').join(' ');
    case 'docker-args-keys':
      return entries.map(([k]) => `--env=${k}`).join(' ');
    case 'shell':
      return entries.length ? `${quoted('').join(' ')} ` : '';
    case 'json':
      return JSON.stringify(vars);
    case 'json-list':
      return JSON.stringify(entries.map(([name, value]) => ({ name, value })));
    case 'pretty':
      return prettyLines(vars).join('\n');
    default:
      throw new UserError(`Unknown export format: ${format}`);
  }
}

function prettyLines(vars: Record<string, string>): string[] {
  const width = Math.max(0, ...Object.keys(vars).map((k) => k.length)) + 3;
  return Object.entries(vars).map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`);
}

function show(out: Output, target: string, vars: Record<string, string>, json: boolean): void {
  if (json) return out.line(JSON.stringify(vars));
  out.heading(`${target === GLOBAL ? 'global' : target} env vars`);
  for (const line of prettyLines(vars)) out.line(line);
}


function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
