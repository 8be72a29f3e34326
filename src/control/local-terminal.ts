/**
 * The client's own terminal, for a command that attaches (enter): the local
 * CLI and the sshd bridge's forced command (whose stdin is sshd's pty). The
 * terminal goes raw while attached, so keys reach the container's TTY as
 * typed, and is restored after.
 */
import { DEFAULT_SIZE, terminalSize, type TerminalSize } from '../attachment.js';
import type { TerminalRequest } from './protocol.js';

export interface LocalStdin extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

export interface LocalStdout extends NodeJS.WritableStream {
  isTTY?: boolean;
  rows?: number;
  columns?: number;
}

export interface StreamSink {
  data(chunk: Buffer): void;
  end(): void;
  resize(size: TerminalSize): void;
}

/** The terminal to ask for: present when stdin is a terminal, sized from stdout when that is one too. */
export function terminalRequest(stdin: LocalStdin, stdout: LocalStdout, term: string | undefined): TerminalRequest | undefined {
  if (!stdin.isTTY) return undefined;
  const size = (stdout.isTTY && terminalSize(stdout.rows, stdout.columns)) || DEFAULT_SIZE;
  return { ...size, term: term || 'xterm' };
}

/**
 * Streams stdin into `sink` as it comes (raw on a terminal), with window
 * changes; returns the function that stops it and restores the terminal.
 */
export function streamStdin(stdin: LocalStdin, stdout: LocalStdout, sink: StreamSink): () => void {
  const raw = Boolean(stdin.isTTY && stdin.setRawMode);
  if (raw) stdin.setRawMode?.(true);
  const onData = (chunk: Buffer | string) => sink.data(Buffer.from(chunk));
  const onEnd = () => sink.end();
  const onResize = () => {
    const size = terminalSize(stdout.rows, stdout.columns);
    if (size) sink.resize(size);
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.once('error', onEnd);
  if (stdout.isTTY) stdout.on('resize', onResize);
  stdin.resume();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.off('error', onEnd);
    stdout.off('resize', onResize);
    if (raw) stdin.setRawMode?.(false);
    // A paused stdin no longer holds the process open.
    stdin.pause();
  };
}
