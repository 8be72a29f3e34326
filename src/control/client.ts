import { connect } from 'node:net';
import { UserError } from '../errors.js';
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
    let exit: number | undefined;
    let connected = false;
    let detach: (() => void) | undefined;
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on(
      'data',
      lineReader((line) => {
        const frame = JSON.parse(line) as Frame;
        if ('out' in frame) io.stdout(frame.out);
        else if ('outb' in frame) io.stdoutBytes?.(Buffer.from(frame.outb, 'base64'));
        else if ('err' in frame) {
          // berth's own error lines end an attached session: restore the terminal first.
          detach?.();
          io.stderr(frame.err);
        }
        else if ('errb' in frame) (io.stderrBytes ?? ((b: Buffer) => io.stderr(b.toString('utf8'))))(Buffer.from(frame.errb, 'base64'));
        else if ('ask' in frame) void sendStdin(frame.ask);
        else if ('attach' in frame) detach = attach();
        else {
          // The terminal is restored before anything else is written.
          detach?.();
          exit = frame.exit;
        }
      }),
    );
    const sendFrame = (frame: StdinFrame) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    const attach = () => {
      const sink = { data: (b: Buffer) => sendFrame({ stdin: b.toString('base64') }), end: () => sendFrame({ eof: true }), resize: (size: { rows: number; cols: number }) => sendFrame({ resize: size }) };
      if (io.attach) return io.attach(sink);
      sink.end();
      return undefined;
    };
    const sendStdin = async (what: 'stdin' | 'line') => {
      const stdin = io.readStdin ? await io.readStdin(what) : Buffer.alloc(0);
      socket.write(`${JSON.stringify({ stdin: stdin.toString('base64') })}\n`);
    };
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) {
        reject(new UserError(`no berth daemon is running (nothing answers at ${socketPath}); start one with: berth serve`));
      } else {
        reject(new UserError(`lost the connection to the berth daemon: ${err.message}`, { cause: err }));
      }
    });
    socket.on('close', () => {
      detach?.();
      if (exit !== undefined) resolve(exit);
      else if (connected) {
        io.stderr(' !     the berth daemon closed the connection before finishing\n');
        resolve(1);
      }
    });
  });
}
