import { userMessage, UserError } from '../errors.js';
import { Output } from '../output.js';
import type { Services } from '../services.js';
import { findCommand } from './registry.js';
import type { CommandDef } from './types.js';

export interface DispatchIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  tty: boolean;
  signal: AbortSignal;
}

/** Runs `argv` as a berth command; every error becomes one line and exit 1. */
export async function dispatch(argv: string[], s: Services, io: DispatchIo): Promise<number> {
  const err = new Output([io.stderr]);
  const [name = 'help', ...rest] = argv;
  try {
    const command = await findCommand(name);
    if (!command) throw new UsageError(`'${name}' is not a berth command`, 'run `berth help` for the list');
    const { args, flags } = parseArgs(command, rest);
    const code = await command.run({ args, flags, out: new Output([io.stdout]), err, services: s, tty: io.tty, signal: io.signal });
    return code ?? 0;
  } catch (e) {
    if (!(e instanceof UserError)) s.log({ event: 'command-failed', command: name, error: String(e), stack: (e as Error)?.stack });
    err.error(userMessage(e));
    if (e instanceof UsageError) err.line(`usage: ${e.usage}`);
    return 1;
  }
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
    const arg = argv[i] as string;
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
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
