import type { Attachment } from '../attachment.js';
import { AccessDenied, requireAdmin, requireAppAccess, type Principal } from '../access.js';
import { ExitError, userMessage, UserError } from '../errors.js';
import { Output } from '../output.js';
import type { Services } from '../services.js';
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
  const { global, command: words } = splitGlobalFlags(argv);
  const [name = 'help', ...rest] = words;
  try {
    const command = await findCommand(name);
    if (!command) throw new UsageError(`'${name}' is not a berth command`, 'run `berth help` for the list');
    const { args, flags } = parseArgs(command, withGlobalFlags(command, rest, global));
    authorize(command, args, flags, io.principal);
    const quiet = global.includes('--quiet');
    // A deploy's failure is an error like any other: on stderr, even with --quiet.
    const out = new Output(quiet ? [] : [io.stdout], [io.stderr]);
    const code = await command.run({ args, flags, out, err, services: s, stdoutBytes: io.stdoutBytes, tty: io.tty, signal: io.signal, principal: io.principal, readStdin: io.readStdin, prompt: io.prompt, cwd: io.cwd ?? '/', attach: io.attach });
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

function authorize(command: CommandDef, args: string[], flags: Record<string, string | boolean>, principal: Principal): void {
  if (command.globalFlag && flags.global) requireAdmin(principal, `run ${command.name} --global`);
  else if (command.appScoped) requireAppAccess(principal, args[0] ?? '');
  else if (!command.open) requireAdmin(principal, `run ${command.name}`);
}

// Dokku accepts these before the command (`--force apps:destroy APP`).
const GLOBAL_FLAGS = ['--force', '--quiet', '--trace', '--rm'];

export function splitGlobalFlags(argv: string[]): { global: string[]; command: string[] } {
  let i = 0;
  while (i < argv.length && GLOBAL_FLAGS.includes(argv[i] as string)) i++;
  return { global: argv.slice(0, i), command: argv.slice(i) };
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
    const kind = command.flags?.[name];
    if (!kind) throw new UsageError(`unknown flag --${name} for ${command.name}`, usage);
    if (kind === 'boolean') flags[name] = true;
    else if (inline !== undefined) flags[name] = inline;
    else if (i + 1 < argv.length) flags[name] = argv[++i] as string;
    else throw new UsageError(`--${name} needs a value`, usage);
  }
  if (args.length < (command.minArgs ?? 0)) throw new UsageError(`${command.name} needs more arguments`, usage);
  return { args, flags };
}
