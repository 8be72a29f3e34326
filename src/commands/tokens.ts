import { parseAppList } from '../access/principal.js';
import { hashToken, newToken, validateCredentialName } from '../access/credentials.js';
import { UserError } from '../core/errors.js';
import { printJson, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'tokens:create',
    summary: 'Create an HTTP token (printed once); --apps limits it to those apps',
    usage: 'NAME [--apps APP,APP…]',
    appScoped: false,
    minArgs: 1,
    flags: { apps: 'string' },
    async run({ args, flags, out, err, services }) {
      const name = validateCredentialName(args[0] as string);
      const store = services.store.credentials;
      if (store.tokenByName(name)) throw new UserError(`a token named ${name} already exists`);
      const token = newToken();
      store.addToken(name, hashToken(token), parseAppList(flags.apps));
      out.line(token);
      err.line(`-----> token ${name} created; it is shown only this once (git: ${gitRemoteExample(services.settings.bind, services.ports.http)})`);
    },
  },
  {
    name: 'tokens:list',
    summary: 'List HTTP tokens (names only)',
    usage: '[--format json]',
    appScoped: false,
    flags: { format: 'string' },
    async run({ out, flags, services }) {
      const tokens = services.store.credentials.tokens();
      if (wantsJson(flags)) return printJson(out, tokens);
      printTable(out, ['NAME', 'APPS', 'CREATED'], tokens.map((t) => [t.name, t.apps?.join(',') ?? '(admin)', t.createdAt]));
    },
  },
  {
    name: 'tokens:revoke',
    summary: 'Revoke an HTTP token',
    usage: 'NAME',
    appScoped: false,
    minArgs: 1,
    async run({ args, out, services }) {
      if (!services.store.credentials.revokeToken(args[0] as string)) throw new UserError(`no token named ${args[0]}`);
      out.step(`Revoked token ${args[0]}`);
    },
  },
];

/** The remote as this server really serves it: plain HTTP (TLS, if any, is a proxy's in front), its own port. */
export function gitRemoteExample(bind: string, port: number): string {
  const host = bind === '0.0.0.0' || bind === '::' ? 'HOST' : bind.includes(':') ? `[${bind}]` : bind;
  return `http://any:TOKEN@${host}${port === 80 ? '' : `:${port}`}/APP.git`;
}
