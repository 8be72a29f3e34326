import { DEFAULT_TYPE, parseCpu, parseMemory, resourceKey, RESOURCES, type ResourceKind } from '../runtime/resources.js';
import { reportCommand, type ReportFields } from './report.js';
import type { CommandContext, CommandDef } from './types.js';
import { SETTING_PREFIX } from '../store/setting-keys.js';

const FLAGS = { memory: 'string', cpu: 'string', 'process-type': 'string', format: 'string' } as const;

export const commands: CommandDef[] = [
  setCommand('limit', 'Limit memory and CPU for a process type (from the next deploy or ps:restart)'),
  setCommand('reserve', 'Reserve memory and CPU for a process type (from the next deploy or ps:restart)'),
  clearCommand('limit'),
  clearCommand('reserve'),
  reportCommand({
    name: 'resource:report',
    type: 'resource',
    summary: "Show an app's resource limits and reservations",
    app: ({ services }, app) => resourceFields(services.store.settings.withPrefix(app, SETTING_PREFIX.resource)),
  }),
];

function setCommand(kind: ResourceKind, summary: string): CommandDef {
  return {
    name: `resource:${kind}`,
    summary,
    usage: 'APP [--memory SIZE] [--cpu N] [--process-type TYPE]',
    appScoped: true,
    minArgs: 1,
    flags: FLAGS,
    async run(ctx: CommandContext) {
      const { app } = ctx;
      const process = processType(ctx);
      // Check every value before storing any, so bad input changes nothing.
      if (typeof ctx.flags.memory === 'string' && ctx.flags.memory !== 'clear') parseMemory(ctx.flags.memory);
      if (typeof ctx.flags.cpu === 'string' && ctx.flags.cpu !== 'clear') parseCpu(ctx.flags.cpu);
      if (!RESOURCES.some((r) => typeof ctx.flags[r] === 'string')) return showKind(ctx, kind, process);
      ctx.out.step(`Setting resource ${kind}s for ${app}${process === DEFAULT_TYPE ? '' : ` (${process})`}`);
      for (const r of RESOURCES) {
        const value = ctx.flags[r];
        if (typeof value !== 'string') continue;
        // `--memory clear` unsets one value, as Dokku's.
        if (value === 'clear') ctx.services.store.settings.unset(app, resourceKey(kind, process, r));
        else ctx.services.store.settings.set(app, resourceKey(kind, process, r), value);
        ctx.out.detail(`${r}: ${value}`);
      }
    },
  };
}

function clearCommand(kind: ResourceKind): CommandDef {
  return {
    name: `resource:${kind}-clear`,
    summary: `Clear resource ${kind}s (all, or one --process-type)`,
    usage: 'APP [--process-type TYPE]',
    appScoped: true,
    minArgs: 1,
    flags: { 'process-type': 'string' },
    async run(ctx: CommandContext) {
      const { app } = ctx;
      const only = typeof ctx.flags['process-type'] === 'string' ? ctx.flags['process-type'] : undefined;
      for (const key of Object.keys(ctx.services.store.settings.withPrefix(app, `resource.${kind}.`))) {
        if (!only || key.split('.')[2] === only) ctx.services.store.settings.unset(app, key);
      }
      ctx.out.step(`Cleared resource ${kind}s for ${app}${only ? ` (${only})` : ''}`);
    },
  };
}

/** Dokku's fields: `resource-_default_.limit.memory`, `resource-web.reserve.cpu`. */
export function resourceFields(stored: Record<string, string>): ReportFields {
  const fields: ReportFields = {};
  for (const [key, value] of Object.entries(stored)) {
    const [, kind, process, resource] = key.split('.') as [string, string, string, string];
    fields[`resource-${process}.${kind}.${resource}`] = value;
  }
  return fields;
}

// `resource:limit APP` alone shows the limits (of one --process-type).
function showKind(ctx: CommandContext, kind: ResourceKind, process: string): void {
  ctx.out.heading(`resource ${kind}s ${ctx.app} information${process === DEFAULT_TYPE ? '' : ` [processType=${process}]`}`);
  for (const r of RESOURCES) ctx.out.line(`       ${`${r}:`.padEnd(15)}${ctx.services.store.settings.get(ctx.app, resourceKey(kind, process, r)) ?? ''}`);
}

function processType(ctx: CommandContext): string {
  const t = ctx.flags['process-type'];
  return typeof t === 'string' && t ? t : DEFAULT_TYPE;
}
