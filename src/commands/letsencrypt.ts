import { isAdmin, mayUseApp } from '../access/principal.js';
import { requireApp } from '../apps/lifecycle.js';
import { UserError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { directoryUrl, issue, property, PROPERTIES, revoke, type Property } from '../tls/acme.js';
import { removeCertificate, settingsOwner } from '../tls/manage.js';
import { certificateDates, letsencryptNames, renewDue } from '../tls/renew.js';
import { GLOBAL_CERT, readPair } from '../tls/store.js';
import { printJson, printReport, printTable, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

const scoped = { appScoped: true, globalFlag: true, flags: { global: 'boolean' } } as const;

export const commands: CommandDef[] = [
  {
    name: 'letsencrypt:set',
    summary: 'Set a letsencrypt property (email, server, graceperiod) for an app or --global',
    usage: '[--global|APP] email|server|graceperiod [VALUE]',
    ...scoped,
    minArgs: 1,
    async run(ctx) {
      const [owner, key, value] = ctx.flags.global ? [GLOBAL, ...ctx.args] : ctx.args;
      if (owner !== GLOBAL) requireApp(ctx.services, owner as string);
      if (!PROPERTIES.includes(key as Property)) throw new UserError(`unknown letsencrypt property ${key} (${PROPERTIES.join(', ')})`);
      const settingKey = `letsencrypt.${key}`;
      if (value === undefined || value === '') {
        ctx.services.store.settings.unset(owner as string, settingKey);
        return ctx.out.step(`Unset ${key}`);
      }
      checkValue(key as Property, value);
      ctx.services.store.settings.set(owner as string, settingKey, value);
      ctx.out.step(`Set ${key} to ${value}`);
    },
  },
  {
    name: 'letsencrypt:enable',
    summary: 'Get (or renew) a certificate from letsencrypt for an app or --global',
    usage: '[--global|APP] [--force]',
    ...scoped,
    flags: { global: 'boolean', force: 'boolean' },
    async run(ctx) {
      const name = target(ctx);
      const dates = await certificateDates(ctx.services, name);
      const active = ctx.services.store.settings.get(settingsOwner(name), SETTING.letsencryptActive) === 'true';
      if (active && dates && dates.renewAt > new Date() && !ctx.flags.force) {
        return ctx.out.step(`The certificate of ${label(name)} is not due for renewal before ${dates.renewAt.toISOString()} (use --force)`);
      }
      ctx.out.heading(`Enabling letsencrypt for ${label(name)}`);
      const issued = await issue(ctx.services, name);
      ctx.services.store.settings.set(settingsOwner(name), SETTING.letsencryptActive, 'true');
      ctx.out.step(`Certificate installed for ${issued.hosts.join(' ')} (expires ${issued.notAfter.toISOString()})`);
    },
  },
  {
    name: 'letsencrypt:disable',
    summary: 'Stop using letsencrypt for an app or --global, and remove its certificate',
    usage: '[--global|APP]',
    ...scoped,
    async run(ctx) {
      const name = activeTarget(ctx);
      await removeIfStored(ctx.services, name);
      ctx.services.store.settings.unset(settingsOwner(name), SETTING.letsencryptActive);
      ctx.out.step(`Disabled letsencrypt for ${label(name)}`);
    },
  },
  {
    name: 'letsencrypt:revoke',
    summary: "Revoke an app's (or --global) letsencrypt certificate and remove it",
    usage: '[--global|APP]',
    ...scoped,
    async run(ctx) {
      const name = activeTarget(ctx);
      const pair = await readPair(ctx.services.settings.home, name);
      if (!pair) throw new UserError(`${label(name)} has no certificate to revoke`);
      await revoke(ctx.services, name, pair.crt);
      await removeIfStored(ctx.services, name);
      ctx.services.store.settings.unset(settingsOwner(name), SETTING.letsencryptActive);
      ctx.out.step(`Revoked the certificate of ${label(name)}`);
    },
  },
  {
    name: 'letsencrypt:list',
    summary: 'List the apps secured by letsencrypt, with certificate expiry',
    usage: '',
    appScoped: false,
    open: true,
    async run(ctx) {
      const rows: string[][] = [];
      for (const name of visible(ctx, letsencryptNames(ctx.services))) {
        const d = await certificateDates(ctx.services, name);
        rows.push([label(name), d?.notAfter.toISOString() ?? '', d ? span(d.notAfter) : '', d ? span(d.renewAt) : '']);
      }
      printTable(ctx.out, ['App name', 'Certificate Expiry', 'Time before expiry', 'Time before renewal'], rows);
    },
  },
  {
    name: 'letsencrypt:auto-renew',
    summary: 'Renew the letsencrypt certificates that are due (of one app, or all)',
    usage: '[APP]',
    appScoped: false,
    async run(ctx) {
      const app = ctx.args[0];
      if (app) requireApp(ctx.services, app);
      const names = app ? [app] : letsencryptNames(ctx.services);
      ctx.out.heading('Renewing letsencrypt certificates that are due');
      let failed = 0;
      for (const { name, result } of await renewDue(ctx.services, names)) {
        if (result.startsWith('failed')) failed++;
        ctx.out.step(`${label(name)}: ${result}`);
      }
      return failed ? 1 : 0;
    },
  },
  {
    name: 'letsencrypt:report',
    summary: 'Show the letsencrypt settings and state of an app or --global',
    usage: '[APP|--global] [--format json]',
    appScoped: false,
    open: true,
    flags: { global: 'boolean', format: 'string' },
    async run(ctx) {
      const names = ctx.flags.global ? [GLOBAL_CERT] : ctx.args[0] ? [ctx.args[0]] : [GLOBAL_CERT, ...ctx.services.store.apps.list().map((a) => a.name)];
      const shown = visible(ctx, names);
      if (ctx.args[0]) requireApp(ctx.services, ctx.args[0]);
      if (names.length === 1 && !shown.length) throw new UserError(`${ctx.principal.kind} ${ctx.principal.name} may not see ${label(names[0] as string)}`);
      const reports: Record<string, Record<string, unknown>> = {};
      for (const name of shown) reports[name] = await report(ctx.services, name);
      if (wantsJson(ctx.flags)) return printJson(ctx.out, names.length === 1 ? reports[shown[0] as string] : reports);
      for (const name of shown) printReport(ctx.out, `${label(name)} letsencrypt information`, reports[name] as Record<string, unknown>);
    },
  },
];

function checkValue(key: Property, value: string): void {
  if (key === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new UserError(`'${value}' is not an e-mail address`);
  if (key === 'server') directoryUrl(value);
  if (key === 'graceperiod' && !/^[1-9][0-9]{0,9}$/.test(value)) throw new UserError('graceperiod is a number of seconds');
}

function target(ctx: CommandContext): string {
  if (ctx.flags.global) return GLOBAL_CERT;
  const app = ctx.args[0];
  if (!app) throw new UserError('an app name or --global is needed');
  return app;
}

function activeTarget(ctx: CommandContext): string {
  const name = target(ctx);
  if (ctx.services.store.settings.get(settingsOwner(name), SETTING.letsencryptActive) !== 'true') throw new UserError(`letsencrypt is not enabled for ${label(name)}`);
  return name;
}

async function removeIfStored(s: Services, name: string): Promise<void> {
  if (await readPair(s.settings.home, name)) await removeCertificate(s, name);
}

function visible(ctx: CommandContext, names: string[]): string[] {
  return names.filter((n) => (n === GLOBAL_CERT ? isAdmin(ctx.principal) : mayUseApp(ctx.principal, n)));
}

async function report(s: Services, name: string): Promise<Record<string, unknown>> {
  const d = await certificateDates(s, name);
  return {
    'Letsencrypt active': s.store.settings.get(settingsOwner(name), SETTING.letsencryptActive) === 'true',
    'Letsencrypt email': property(s, name, 'email') ?? '',
    'Letsencrypt server': directoryUrl(property(s, name, 'server')),
    'Letsencrypt graceperiod': property(s, name, 'graceperiod') ?? '',
    'Letsencrypt expires at': d?.notAfter.toISOString() ?? '',
    'Letsencrypt renews at': d?.renewAt.toISOString() ?? '',
  };
}

function span(until: Date): string {
  const s = Math.max(0, Math.round((until.getTime() - Date.now()) / 1000));
  return `${Math.floor(s / 86400)}d, ${Math.floor((s % 86400) / 3600)}h, ${Math.floor((s % 3600) / 60)}m, ${s % 60}s`;
}

function label(name: string): string {
  return name === GLOBAL_CERT ? 'the global domain' : name;
}
