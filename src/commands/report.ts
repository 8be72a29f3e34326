/**
 * Dokku's `*:report` shape, for every report berth mirrors: the text form
 * (`=====> APP TYPE information`, sorted `Field name: value` lines), one
 * `--<field>` printing its value alone, and `--format json` keyed by the
 * field names (short and namespaced both, as Dokku emits them).
 */
import { mayUseApp, type Principal } from '../access/principal.js';
import { UserError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import type { CommandContext, CommandDef } from './types.js';

/** Field name (`ps-restart-policy`, without `--`) → value. */
export type ReportFields = Record<string, string>;

export interface ReportSpec {
  name: string;
  /** Dokku's report type: the field prefix and the heading's word (`ps`, `ssl`). */
  type: string;
  summary: string;
  app: (ctx: CommandContext, app: string) => ReportFields | Promise<ReportFields>;
  /** The `--global` report; absent where Dokku has none. */
  global?: (ctx: CommandContext) => ReportFields | Promise<ReportFields>;
  /** Tenants may read reports of their apps; admin-only reports say so. */
  open?: boolean;
}

export function reportCommand(spec: ReportSpec): CommandDef {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `[APP${spec.global ? '|--global' : ''}] [--format stdout|json] [--${spec.type}-FIELD]`,
    appScoped: true,
    appOptional: true,
    globalFlag: Boolean(spec.global),
    report: true,
    flags: { format: 'string', global: 'boolean' },
    async run(ctx) {
      const format = (ctx.flags.format as string | undefined) ?? 'stdout';
      if (format !== 'stdout' && format !== 'json') throw new UserError('Invalid --format value specified');
      const info = ctx.flags.info as string | undefined;
      if (ctx.flags.global && spec.global) return printReport(ctx.out, spec.type, 'global', await spec.global(ctx), format, info);
      const apps = ctx.app ? [ctx.app] : visibleApps(ctx.services, ctx.principal);
      if (!apps.length) throw new UserError("You haven't deployed any applications yet");
      for (const app of apps) printReport(ctx.out, spec.type, app, await spec.app(ctx, app), format, info);
    },
  };
}

function visibleApps(s: Services, principal: Principal): string[] {
  return s.store.apps.list().map((a) => a.name).filter((a) => mayUseApp(principal, a));
}

/** Prints one subject's report as Dokku's ReportSingleApp does. */
export function printReport(out: Output, type: string, subject: string, fields: ReportFields, format: string, info?: string): void {
  const keys = Object.keys(fields).sort();
  if (info !== undefined) {
    if (!(info in fields)) throw new UserError(`Invalid flag passed, valid flags: ${keys.map((k) => `--${k}`).join(', ')}`);
    return out.line(fields[info]);
  }
  if (format === 'json') return out.line(JSON.stringify(jsonKeys(type, fields)));
  out.heading(`${subject} ${type} information`);
  const width = Math.max(31, ...keys.map((k) => k.length + 2));
  for (const key of keys) out.line(`       ${`${label(key)}:`.padEnd(width)}${fields[key]}`);
}

/** Both the short key (`restart-policy`) and Dokku's legacy namespaced one (`ps-restart-policy`). */
export function jsonKeys(type: string, fields: ReportFields): ReportFields {
  const data: ReportFields = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key] as string;
    if (key.startsWith(`${type}-`)) data[key.slice(type.length + 1)] = value;
    data[key] = value;
  }
  return data;
}

/** `ps-restart-policy` → `Ps restart policy`, as Dokku titles its fields. */
export function label(key: string): string {
  const words = key.replace(/[-.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Dokku's layered property: the app's value, the global one and the computed
 * one (app, else global, else the default), as three fields.
 */
export function layered(type: string, key: string, app: string | undefined, global: string | undefined, fallback: string): ReportFields {
  return {
    [`${type}-${key}`]: app ?? '',
    [`${type}-global-${key}`]: global ?? '',
    [`${type}-computed-${key}`]: app || global || fallback,
  };
}

/** A layered property read from the settings store (`ps.restart-policy`). */
export function layeredSetting(s: Services, app: string, type: string, key: string, fallback: string, setting = `${type}.${key}`): ReportFields {
  return layered(type, key, s.store.settings.get(app, setting), s.store.settings.get(GLOBAL, setting), fallback);
}

/** Only the global and computed fields of a layered setting: a `--global` report. */
export function globalSetting(s: Services, type: string, key: string, fallback: string, setting = `${type}.${key}`): ReportFields {
  const global = s.store.settings.get(GLOBAL, setting);
  return { [`${type}-global-${key}`]: global ?? '', [`${type}-computed-${key}`]: global || fallback };
}
