/**
 * The forced command's side of the sshd bridge: a thin client, like the git
 * hooks. `sshd:keys` prints the authorized_keys lines (sshd's
 * AuthorizedKeysCommand); `sshd:session FINGERPRINT` relays one session.
 */
import { connect, type Socket } from 'node:net';
import { UserError } from '../errors.js';
import { streamStdin, terminalRequest, type LocalStdin, type LocalStdout } from '../control/local-terminal.js';
import { encodeFrame, FRAME, frameReader, resizeFrame, type BridgeHeader } from './frames.js';

export interface SessionIo {
  /** sshd's pty when the client asked for one (`ssh -t`), else a pipe. */
  stdin: LocalStdin;
  stdout: LocalStdout;
  stderr: NodeJS.WritableStream;
  /** TERM, as sshd set it from the client's pty request. */
  term?: string;
}

function open(path: string, header: BridgeHeader): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.write(`${JSON.stringify(header)}\n`);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UserError(`berth is not answering on ${path} (${err.code ?? err.message}); is the daemon running with --sshd-user?`, { cause: err })),
    );
  });
}

export async function printAuthorizedKeys(path: string, out: NodeJS.WritableStream): Promise<number> {
  const socket = await open(path, { op: 'keys' });
  socket.pipe(out);
  await new Promise<void>((resolve, reject) => {
    socket.once('end', resolve);
    socket.once('error', reject);
  });
  return 0;
}

/** Relays one session; resolves with the daemon's exit status (255 if it vanished). */
export async function relaySession(path: string, key: string, command: string, io: SessionIo): Promise<number> {
  const pty = terminalRequest(io.stdin, io.stdout, io.term);
  const socket = await open(path, { op: 'session', key, command, ...(pty ? { pty } : {}) });
  // With a pty the container's TTY does echo and line editing: sshd's pty goes raw.
  const stop = streamStdin(io.stdin, io.stdout, {
    data: (chunk) => {
      if (!socket.write(encodeFrame(FRAME.stdin, chunk))) {
        io.stdin.pause();
        socket.once('drain', () => io.stdin.resume());
      }
    },
    end: () => socket.write(encodeFrame(FRAME.eof)),
    resize: (size) => socket.write(resizeFrame(size)),
  });
  return new Promise((resolve) => {
    let code = 255;
    const read = frameReader((type, payload) => {
      const target = type === FRAME.stdout ? io.stdout : type === FRAME.stderr ? io.stderr : undefined;
      if (target && !target.write(payload)) {
        socket.pause();
        target.once('drain', () => socket.resume());
      } else if (type === FRAME.exit) code = payload.readUInt32BE(0);
    });
    socket.on('data', (chunk: Buffer) => read(chunk));
    socket.once('error', () => undefined);
    socket.once('close', () => {
      stop();
      resolve(code);
    });
  });
}
