import type { Principal } from '../access.js';
import type { Attachment } from '../attachment.js';
import type { Output } from '../output.js';
import type { Services } from '../services.js';

export type FlagKind = 'boolean' | 'string';

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  flags: Record<string, string | boolean>;
  out: Output;
  err: Output;
  services: Services;
  /** Binary stdout (an archive to `-`); absent where the client cannot take bytes. */
  stdoutBytes?: (chunk: Buffer) => void;
  tty: boolean;
  signal: AbortSignal;
  principal: Principal;
  /** Reads the client's whole stdin (asked for only when a command needs it). */
  readStdin: () => Promise<Buffer>;
  /** Shows a question on stderr and reads one line (only when `tty`). */
  prompt: (question: string) => Promise<string>;
  /** The client's working directory (`/` over SSH). */
  cwd: string;
  /**
   * Hands the client's streams to the command (enter); from then on its stdin
   * flows as typed, raw on a terminal. Call it once, and not with readStdin.
   */
  attach: () => Attachment;
}

export interface CommandDef {
  name: string;
  summary: string;
  /** Arguments as shown in usage, e.g. `APP`. */
  usage: string;
  /** App-scoped commands take the app as their first argument (for access control). */
  appScoped: boolean;
  /** Takes `--global` instead of an app (admins only then). */
  globalFlag?: boolean;
  /** Other commands are for admins only, unless open to every principal (help, apps:list). */
  open?: boolean;
  flags?: Record<string, FlagKind>;
  /** One-letter forms of flags, as Dokku's (`-t` for `--tail`). */
  aliases?: Record<string, string>;
  /** Everything after the first argument is passed through as is (`run APP CMD --flag`). */
  rawTail?: boolean;
  /** Fewest positional arguments it needs. */
  minArgs?: number;
  run(ctx: CommandContext): Promise<number | void>;
}
