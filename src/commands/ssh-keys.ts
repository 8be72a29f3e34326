import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseAppList } from '../access/principal.js';
import { validateCredentialName } from '../access/credentials.js';
import { NotFoundError, UserError } from '../core/errors.js';
import { parsePublicKey } from '../server/ssh-keys.js';
import type { CommandContext, CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'ssh-keys:add',
    summary: 'Add an SSH public key (from FILE or stdin); --apps limits it to those apps',
    usage: 'NAME [FILE|-] [--apps APP,APP…]',
    appScoped: false,
    minArgs: 1,
    flags: { apps: 'string' },
    async run(ctx) {
      const name = validateCredentialName(ctx.args[0] as string);
      const key = parsePublicKey(await keyText(ctx));
      const store = ctx.services.store.credentials;
      if (store.keyByName(name)) throw new UserError(`an SSH key named ${name} already exists`);
      const same = store.keyByFingerprint(key.fingerprint);
      if (same) throw new UserError(`that key is already added as ${same.name}`);
      store.addKey({ name, fingerprint: key.fingerprint, publicKey: key.line, apps: parseAppList(ctx.flags.apps) });
      ctx.out.line(key.fingerprint);
    },
  },
  {
    name: 'ssh-keys:list',
    summary: 'List SSH keys (NAME: only that one, exit 1 if there is none)',
    usage: '[NAME] [--format text|json]',
    appScoped: false,
    flags: { format: 'string' },
    async run({ args, out, flags, services }) {
      const format = (flags.format as string | undefined) ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UserError('Invalid format specified, supported formats: json, text');
      const all = services.store.credentials.keys().map(({ publicKey: _k, ...rest }) => rest);
      const keys = args[0] === undefined ? all : all.filter((k) => k.name === args[0]);
      if (!keys.length) throw new NotFoundError(args[0] === undefined ? 'No public keys found' : `No public key named ${args[0]}`);
      if (format === 'json') return out.line(JSON.stringify(keys.map((k) => ({ fingerprint: k.fingerprint, name: k.name, apps: k.apps ?? null }))));
      // Dokku's line, then berth's app limit for keys that have one.
      for (const k of keys) out.line(`${k.fingerprint} NAME="${k.name}" SSHCOMMAND_ALLOWED_KEYS="none"${k.apps ? ` APPS="${k.apps.join(',')}"` : ''}`);
    },
  },
  {
    name: 'ssh-keys:remove',
    summary: 'Remove an SSH key by NAME or --fingerprint',
    usage: 'NAME | --fingerprint FINGERPRINT',
    appScoped: false,
    flags: { fingerprint: 'string' },
    async run({ args, flags, out, err, services }) {
      const store = services.store.credentials;
      const name = typeof flags.fingerprint === 'string' ? store.keyByFingerprint(flags.fingerprint)?.name : args[0];
      if (name === undefined && !flags.fingerprint) throw new UserError('ssh-keys:remove needs a NAME or --fingerprint');
      // As Dokku: removing a key that is not there is done already (a warning, exit 0).
      if (name === undefined || !store.removeKey(name)) return err.error(`No SSH key ${name ?? flags.fingerprint} to remove`);
      out.step(`Removed SSH key ${name}`);
    },
  },
];

async function keyText(ctx: CommandContext): Promise<string> {
  const text = await readKeyFile(ctx);
  // One key a name: a file of several would give one name to keys of several people.
  if (text.split('\n').filter((l) => l.trim()).length > 1) throw new UserError('the key file holds more than one key: add them one at a time, each under its own name');
  return text;
}

async function readKeyFile(ctx: CommandContext): Promise<string> {
  const file = ctx.args[1];
  if (file === undefined || file === '-') return (await ctx.readStdin()).toString('utf8');
  try {
    return await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}
