import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mayUseApp, isAdmin } from '../access/principal.js';
import { unpackArchive } from '../archive/index.js';
import { NotFoundError, UserError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { describe, parseChain } from '../tls/certificate.js';
import { installCertificate, removeCertificate, settingsOwner } from '../tls/manage.js';
import { GLOBAL_CERT, readPair, tlsDir } from '../tls/store.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

export const commands: CommandDef[] = [
  addOrUpdate('certs:add', 'Add a certificate to an app (or --global: the host\'s own name)'),
  addOrUpdate('certs:update', "Replace an app's certificate"),
  {
    name: 'certs:remove',
    summary: "Remove an app's certificate (or --global)",
    usage: '[--global|APP]',
    appScoped: true,
    globalFlag: true,
    flags: { global: 'boolean' },
    async run(ctx) {
      const name = await existingCert(ctx);
      await removeCertificate(ctx.services, name);
      ctx.services.store.settings.unset(settingsOwner(name), SETTING.letsencryptActive);
      ctx.out.step(`Removed the certificate of ${label(name)}`);
    },
  },
  {
    name: 'certs:show',
    summary: "Print an app's server.crt or server.key",
    usage: '[--global|APP] crt|key',
    appScoped: true,
    globalFlag: true,
    minArgs: 1,
    flags: { global: 'boolean' },
    async run(ctx) {
      const name = await existingCert(ctx);
      const which = ctx.flags.global ? ctx.args[0] : ctx.args[1];
      if (which !== 'crt' && which !== 'key') throw new UserError('certs:show needs crt or key');
      const pair = (await readPair(ctx.services.settings.home, name)) as { crt: string; key: string };
      ctx.out.write(which === 'crt' ? pair.crt : pair.key);
    },
  },
  {
    name: 'certs:report',
    summary: 'Show certificates: one app, --global, or all',
    usage: '[APP|--global] [--format json]',
    appScoped: false,
    open: true,
    flags: { global: 'boolean', format: 'string' },
    async run(ctx) {
      const names = reportNames(ctx);
      const reports: Record<string, Record<string, unknown>> = {};
      for (const name of names) reports[name] = await certReport(ctx.services, name);
      if (wantsJson(ctx.flags)) return printJson(ctx.out, ctx.args[0] || ctx.flags.global ? reports[names[0] as string] : reports);
      for (const name of names) printReport(ctx.out, `${label(name)} ssl information`, reports[name] as Record<string, unknown>);
    },
  },
];

function addOrUpdate(name: 'certs:add' | 'certs:update', summary: string): CommandDef {
  return {
    name,
    summary,
    usage: '[--global|APP] [CRT KEY] (or a tar of server.crt and server.key on stdin)',
    appScoped: true,
    globalFlag: true,
    flags: { global: 'boolean' },
    async run(ctx) {
      const target = targetOf(ctx);
      const had = await readPair(ctx.services.settings.home, target);
      if (name === 'certs:update' && !had) throw new NotFoundError(`${label(target)} has no certificate (use certs:add)`);
      const files = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      const { crt, key } = files.length ? await readLocalFiles(ctx, files) : await readStdinTar(ctx);
      const checked = await installCertificate(ctx.services, target, crt, key);
      ctx.out.step(`${had ? 'Replaced' : 'Added'} the certificate of ${label(target)}: ${checked.hosts.join(' ')} (expires ${checked.info.notAfter.toISOString()})`);
    },
  };
}

function targetOf(ctx: CommandContext): string {
  if (ctx.flags.global) return GLOBAL_CERT;
  const app = ctx.args[0];
  if (!app) throw new UserError('an app name or --global is needed');
  return app;
}

async function existingCert(ctx: CommandContext): Promise<string> {
  const name = targetOf(ctx);
  if (!(await readPair(ctx.services.settings.home, name))) throw new NotFoundError(`${label(name)} has no certificate`);
  return name;
}

// Paths name files on the daemon's machine: only the local CLI (which runs there) may use them;
// over SSH the pair comes as a tar on stdin, as with Dokku.
async function readLocalFiles(ctx: CommandContext, files: string[]): Promise<{ crt: string; key: string }> {
  if (files.length !== 2) throw new UserError('give both files: CRT KEY');
  if (ctx.principal.kind !== 'local') throw new UserError('over SSH, send a tar of server.crt and server.key on stdin instead of file names');
  const [crt, key] = await Promise.all(files.map((f) => readFile(resolve(ctx.cwd, f), 'utf8').catch((err: unknown) => {
    throw new UserError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  })));
  return { crt: crt as string, key: key as string };
}

async function readStdinTar(ctx: CommandContext): Promise<{ crt: string; key: string }> {
  const buf = await ctx.readStdin();
  if (!buf.length) throw new UserError('give CRT KEY files, or a tar of server.crt and server.key on stdin');
  // The archive module's checks and caps, with caps sized for two PEM files.
  const dir = await mkdtemp(join(tmpdir(), 'berth-certs-'));
  try {
    const { tree } = await unpackArchive(buf, dir, { entries: 16, entry: MiB, total: 4 * MiB });
    const find = (file: string) => readFile(join(tree, file), 'utf8').catch(() => undefined);
    const [crt, key] = await Promise.all([find('server.crt'), find('server.key')]);
    if (!crt || !key) throw new UserError('the tar on stdin must hold server.crt and server.key');
    return { crt, key };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const MiB = 1024 * 1024;

function reportNames(ctx: CommandContext): string[] {
  const { principal, services } = ctx;
  if (ctx.flags.global) {
    if (!isAdmin(principal)) throw new UserError('only an admin may see the global certificate');
    return [GLOBAL_CERT];
  }
  const app = ctx.args[0];
  if (app) {
    if (!mayUseApp(principal, app)) throw new UserError(`${principal.kind} ${principal.name} may not use app ${app}`);
    return [app];
  }
  const apps = services.store.apps.list().map((a) => a.name).filter((a) => mayUseApp(principal, a));
  return isAdmin(principal) ? [GLOBAL_CERT, ...apps] : apps;
}

async function certReport(s: Services, name: string): Promise<Record<string, unknown>> {
  const pair = await readPair(s.settings.home, name);
  const leaf = pair && parseChain(pair.crt)[0];
  const info = leaf ? describe(leaf) : undefined;
  return {
    'Ssl dir': `${tlsDir(s.settings.home)}/${name}`,
    'Ssl enabled': Boolean(info),
    'Ssl hostnames': info?.names ?? [],
    'Ssl expires at': info?.notAfter.toISOString() ?? '',
    'Ssl issuer': info?.issuer ?? '',
    'Ssl starts at': info?.notBefore.toISOString() ?? '',
    'Ssl subject': info?.subject ?? '',
    'Ssl verified': info ? (info.selfSigned ? 'self signed' : 'issued by a certificate authority') : '',
    'Ssl letsencrypt': s.store.settings.get(settingsOwner(name), SETTING.letsencryptActive) === 'true',
  };
}

function label(name: string): string {
  return name === GLOBAL_CERT ? 'the global domain' : name;
}
