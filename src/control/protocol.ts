/**
 * The control socket speaks newline-delimited JSON: the client sends one
 * request line, the daemon answers with output frames and one exit frame.
 */
export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
}

export interface CommandRequest {
  kind: 'command';
  argv: string[];
  /** Whether the client's stdin is a terminal (for confirmations). */
  tty: boolean;
  /** The client's working directory, for relative file arguments. */
  cwd?: string;
  /** The client's terminal, when its stdin is one: a command that attaches (enter) gets a TTY of this size. */
  terminal?: TerminalRequest;
}

export interface TerminalRequest {
  rows: number;
  cols: number;
  term: string;
}

export interface ReceiveRequest {
  kind: 'receive';
  app: string;
  pushId: string;
  /** The principal (key or token name) that pushed, when known. */
  pusher: string;
  updates: RefUpdate[];
  /** Git's quarantine variables from the hook, to read the new objects. */
  gitEnv: Record<string, string>;
}

/** From the update hook: may this one ref change this way? */
export interface UpdateRequest {
  kind: 'update';
  app: string;
  update: RefUpdate;
}

export type ControlRequest = CommandRequest | ReceiveRequest | UpdateRequest;

/**
 * Daemon → client. `outb`/`errb` are binary stdout/stderr, base64. `ask` asks
 * the client for its whole stdin, or one line of it (a confirmation).
 * `attach` asks it to stream its stdin from now on (enter), raw on a terminal.
 */
export type Frame = { out: string } | { outb: string } | { err: string } | { errb: string } | { exit: number } | { ask: 'stdin' | 'line' } | { attach: true };

/**
 * Client → daemon, after the request line: the bytes asked for, base64; once
 * attached, stdin as it comes, then `eof`, and the terminal's window changes.
 */
export type StdinFrame = { stdin: string } | { eof: true } | { resize: { rows: number; cols: number } };

/** The longest line either side reads: far below V8's string limit, so a huge frame is an error, not a crash. */
export const MAX_LINE = 400 * 1024 * 1024;

/** Splits a byte stream into JSON lines, however it is chunked; `onTooLong` when a line passes `max` characters. */
export function lineReader(onLine: (line: string) => void, onTooLong: () => void = () => undefined, max = MAX_LINE): (chunk: Buffer) => void {
  let pending = '';
  let over = false;
  return (chunk) => {
    if (over) return;
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) onLine(line);
    }
    if (pending.length > max) {
      over = true;
      pending = '';
      onTooLong();
    }
  };
}
