import type { Attachment } from './attachment.js';
import { AccessDenied, requireAdmin, requireAppAccess, type Principal } from '../access/principal.js';
import { requireApp } from '../apps/lifecycle.js';
import { ExitError, userMessage, UserError } from '../core/errors.js';
import { validateAppName } from '../apps/names.js';
import { Output } from '../core/output.js';
import type { Services } from '../core/services.js';
import { helpNamespace, printNamespaceHelp } from './help.js';
import { findCommand } from './registry.js';
import type { CommandDef } from './types.js';

export interface DispatchIo {
  stdout: (text: string) => void;
  /** Binary stdout, where the client can take it (the CLI, SSH). */
  stdoutBytes?: (chunk: Buffer) => void;
  stderr: (text: string) => void;
  tty: boolean;
  signal: AbortSignal;
  principal: Principal;
  readStdin: () => Promise<Buffer>;
  prompt: (question: string) => Promise<string>;
  cwd?: string;
  attach: () => Attachment;
}

/** Runs `argv` as a berth command; every error becomes one line and exit 1. */
export async function dispatch(argv: string[], s: Services, io: DispatchIo): Promise<number> {
  const err = new Output([io.stderr]);
  let name = 'help';
  try {
    const { global, app: appFlag, command: words } = splitGlobalFlags(argv);
    const [first = 'help', ...rest] = words;
    name = first;
    const command = await findCommand(name);
    const ns = helpNamespace(name, rest, command !== undefined);
    if (ns) {
      await printNamespaceHelp(new Output([io.stdout]), ns);
      return 0;
    }
    if (!command) throw new UsageError(`'${name}' is not a berth command`, 'run `berth help` for the list');
    // Dokku's `--app APP` stands for the command's first argument.
    const given = appFlag !== undefined && command.appScoped ? [appFlag, ...rest] : rest;
    const { args, flags } = parseArgs(command, withGlobalFlags(command, given, global));
    const app = resolveApp(command, args, flags, io.principal, s);
    // --quiet keeps data and errors, drops steps and headings (as Dokku's).
    const out = new Output([io.stdout], [io.stderr], global.includes('--quiet'));
    const code = await command.run({ args, app, flags, out, err, services: s, stdoutBytes: io.stdoutBytes, tty: io.tty, signal: io.signal, principal: io.principal, readStdin: io.readStdin, prompt: io.prompt, cwd: io.cwd ?? '/', attach: io.attach });
    return code ?? 0;
  } catch (e) {
    if (e instanceof ExitError) return e.exitCode;
    if (e instanceof AccessDenied) s.log({ event: 'access-denied', command: name, principal: io.principal.name, kind: io.principal.kind, error: e.message });
    else if (!(e instanceof UserError)) s.log({ event: 'command-failed', command: name, error: String(e), stack: (e as Error)?.stack });
    err.error(userMessage(e));
    if (e instanceof UsageError) err.line(`usage: ${e.usage}`);
    return 1;
  }
}

/**
 * Access first, then existence, so a tenant cannot probe for other apps' names.
 * Returns the app an app-scoped command acts on ('' for --global or every app).
 */
function resolveApp(command: CommandDef, args: string[], flags: Record<string, string | boolean>, principal: Principal, s: Services): string {
  if (!command.appScoped) {
    if (!command.open) requireAdmin(principal, `run ${command.name}`);
    return '';
  }
  if (command.globalFlag && flags.global) {
    requireAdmin(principal, `run ${command.name} --global`);
    return '';
  }
  const app = args[0];
  if (app === undefined || (command.appOptional && flags.all)) {
    if (!command.appOptional) throw new UserError('Please specify an app to run the command on');
    requireAdmin(principal, `run ${command.name} for every app`);
    return '';
  }
  validateAppName(app);
  requireAppAccess(principal, app);
  if (!command.newApp) requireApp(s, app);
  return app;
}

// Dokku accepts these before the command (`--force apps:destroy APP`, `--app APP config:show`).
const GLOBAL_FLAGS = ['--force', '--quiet', '--trace', '--rm'];

export function splitGlobalFlags(argv: string[]): { global: string[]; app?: string; command: string[] } {
  const global: string[] = [];
  let app: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (GLOBAL_FLAGS.includes(arg)) global.push(arg);
    else if (arg.startsWith('--app=')) app = arg.slice(6);
    else if (arg === '--app' && i + 1 < argv.length) app = argv[++i];
    else break;
  }
  return { global, app, command: argv.slice(i) };
}

/** A leading global flag applies to the command when the command knows it. */
function withGlobalFlags(command: CommandDef, rest: string[], global: string[]): string[] {
  const known = global.filter((f) => command.flags?.[f.slice(2)] === 'boolean');
  return [...rest, ...known];
}

export class UsageError extends UserError {
  constructor(message: string, readonly usage: string) {
    super(message);
  }
}

/** Splits flags (`--force`, `--format json`, `--format=json`) from positionals. */
export function parseArgs(command: CommandDef, argv: string[]): { args: string[]; flags: Record<string, string | boolean> } {
  const args: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const usage = `berth ${command.name} ${command.usage}`.trim();
  for (let i = 0; i < argv.length; i++) {
    const short = command.aliases?.[argv[i] as string];
    const arg = short ? `--${short}` : (argv[i] as string);
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (command.rawTail && args.length >= 1) {
      args.push(...argv.slice(i));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      args.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = command.flags?.[name] ?? (command.report ? 'info' : undefined);
    if (!kind) throw new UsageError(`unknown flag --${name} for ${command.name}`, usage);
    if (kind === 'info') {
      // A report's `--<field>`: the one value to print (checked by the report).
      flags.info = name;
      continue;
    }
    if (kind === 'boolean') flags[name] = true;
    else if (inline !== undefined) flags[name] = inline;
    else if (i + 1 < argv.length) flags[name] = argv[++i] as string;
    else throw new UsageError(`--${name} needs a value`, usage);
  }
  if (args.length < (command.minArgs ?? 0)) throw new UsageError(`${command.name} needs more arguments`, usage);
  return { args, flags };
}
