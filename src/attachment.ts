/**
 * A client's own streams, handed to a command that gives the session to a
 * process (`enter`): the same shape over SSH, the sshd bridge and the local
 * control socket.
 */
import type { TerminalSize } from './docker-exec.js';

export type { TerminalSize };

export interface ClientTerminal {
  size: TerminalSize;
  /** The client's TERM (xterm when it sent none). */
  term: string;
  /** Calls `listener` on each window change; returns a function that stops it. */
  onResize(listener: (size: TerminalSize) => void): () => void;
}

export interface Attachment {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The client's terminal, when it has one (`ssh -t`, a local TTY). */
  terminal?: ClientTerminal;
}

/** What a terminal without a usable size gets. */
export const DEFAULT_SIZE: TerminalSize = { rows: 24, cols: 80 };

/** Sizes outside what a terminal can be (0, negative, absurd) become undefined. */
export function terminalSize(rows: unknown, cols: unknown): TerminalSize | undefined {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 10_000;
  return ok(rows) && ok(cols) ? { rows, cols } : undefined;
}

/** A terminal whose window changes arrive from the transport (a window-change request, a resize frame). */
export function remoteTerminal(size: TerminalSize, term: string | undefined): { terminal: ClientTerminal; resize: (size: TerminalSize) => void } {
  const listeners = new Set<(size: TerminalSize) => void>();
  const terminal: ClientTerminal = {
    size,
    term: term && /^[A-Za-z0-9._+-]{1,64}$/.test(term) ? term : 'xterm',
    onResize(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const resize = (next: TerminalSize) => {
    terminal.size = next;
    for (const listener of listeners) listener(next);
  };
  return { terminal, resize };
}
