import { connect, type Socket } from 'node:net';
import { UserError } from '../core/errors.js';
import type { StreamSink } from './local-terminal.js';
import { lineReader, type ControlRequest, type Frame, type StdinFrame } from './protocol.js';

export interface ClientIo {
  stdout: (text: string) => void;
  /** Binary output (an archive written to `-`). */
  stdoutBytes?: (chunk: Buffer) => void;
  stderr: (text: string) => void;
  /** Reads the client's whole stdin, or one line of it, when the daemon asks. */
  readStdin?: (what: 'stdin' | 'line') => Promise<Buffer>;
  /** Binary stderr of an attached command. */
  stderrBytes?: (chunk: Buffer) => void;
  /** Streams stdin when the daemon attaches (enter); returns the function that stops and restores the terminal. */
  attach?: (sink: StreamSink) => () => void;
}

/**
 * Sends one request to the daemon and relays its output. Resolves with the
 * exit code the daemon chose; a vanished daemon is exit code 1.
 */
export function callDaemon(socketPath: string, request: ControlRequest, io: ClientIo): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const call = new DaemonCall(socket, io);
    socket.on('connect', () => call.send(request));
    socket.on('data', lineReader((line) => call.onFrame(JSON.parse(line) as Frame)));
    socket.on('error', (err: NodeJS.ErrnoException) => reject(connectionError(socketPath, err, call.connected)));
    socket.on('close', () => {
      const code = call.closed();
      if (code !== undefined) resolve(code);
    });
  });
}

function connectionError(socketPath: string, err: NodeJS.ErrnoException, connected: boolean): UserError {
  if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) {
    return new UserError(`no berth daemon is running (nothing answers at ${socketPath}); start one with: berth serve`);
  }
  return new UserError(`lost the connection to the berth daemon: ${err.message}`, { cause: err });
}

/** One request's frames from the daemon, relayed to the client's streams. */
class DaemonCall {
  connected = false;
  private exit: number | undefined;
  private detach: (() => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly io: ClientIo,
  ) {}

  send(frame: ControlRequest | StdinFrame): void {
    this.connected = true;
    if (!this.socket.destroyed) this.socket.write(`${JSON.stringify(frame)}\n`);
  }

  onFrame(frame: Frame): void {
    const io = this.io;
    if ('out' in frame) io.stdout(frame.out);
    else if ('outb' in frame) io.stdoutBytes?.(Buffer.from(frame.outb, 'base64'));
    else if ('err' in frame) {
      // berth's own error lines end an attached session: restore the terminal first.
      this.detach?.();
      io.stderr(frame.err);
    } else if ('errb' in frame) (io.stderrBytes ?? ((b: Buffer) => io.stderr(b.toString('utf8'))))(Buffer.from(frame.errb, 'base64'));
    else if ('ask' in frame) void this.sendStdin(frame.ask);
    else if ('attach' in frame) this.detach = this.attach();
    else {
      // The terminal is restored before anything else is written.
      this.detach?.();
      this.exit = frame.exit;
    }
  }

  /** The exit code once the daemon closed; undefined when it never answered (the error says why). */
  closed(): number | undefined {
    this.detach?.();
    if (this.exit !== undefined) return this.exit;
    if (!this.connected) return undefined;
    this.io.stderr(' !     the berth daemon closed the connection before finishing\n');
    return 1;
  }

  private attach(): (() => void) | undefined {
    const sink = { data: (b: Buffer) => this.send({ stdin: b.toString('base64') }), end: () => this.send({ eof: true }), resize: (size: { rows: number; cols: number }) => this.send({ resize: size }) };
    if (this.io.attach) return this.io.attach(sink);
    sink.end();
    return undefined;
  }

  private async sendStdin(what: 'stdin' | 'line'): Promise<void> {
    const stdin = this.io.readStdin ? await this.io.readStdin(what) : Buffer.alloc(0);
    this.send({ stdin: stdin.toString('base64') });
  }
}
