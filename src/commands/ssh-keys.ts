import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseAppList } from '../access.js';
import { validateCredentialName } from '../credentials.js';
import { UserError } from '../errors.js';
import { parsePublicKey } from '../server/ssh-keys.js';
import { printJson, printTable, wantsJson } from './format.js';
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
    summary: 'List SSH keys',
    usage: '[--format json]',
    appScoped: false,
    flags: { format: 'string' },
    async run({ out, flags, services }) {
      const keys = services.store.credentials.keys().map(({ publicKey: _k, ...rest }) => rest);
      if (wantsJson(flags)) return printJson(out, keys);
      printTable(out, ['NAME', 'FINGERPRINT', 'APPS'], keys.map((k) => [k.name, k.fingerprint, k.apps?.join(',') ?? '(admin)']));
    },
  },
  {
    name: 'ssh-keys:remove',
    summary: 'Remove an SSH key',
    usage: 'NAME',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      if (!services.store.credentials.removeKey(args[0] as string)) throw new UserError(`no SSH key named ${args[0]}`);
      out.step(`Removed SSH key ${args[0]}`);
    },
  },
];

async function keyText(ctx: CommandContext): Promise<string> {
  const file = ctx.args[1];
  if (file === undefined || file === '-') return (await ctx.readStdin()).toString('utf8');
  try {
    return await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}
