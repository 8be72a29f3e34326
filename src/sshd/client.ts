/**
 * The forced command's side of the sshd bridge: a thin client, like the git
 * hooks. `sshd:keys` prints the authorized_keys lines (sshd's
 * AuthorizedKeysCommand); `sshd:session FINGERPRINT` relays one session.
 */
import { connect, type Socket } from 'node:net';
import { UserError } from '../errors.js';
import { encodeFrame, FRAME, frameReader, type BridgeHeader } from './frames.js';

export interface SessionIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
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
  const socket = await open(path, { op: 'session', key, command });
  io.stdin.on('data', (chunk: Buffer) => {
    if (!socket.write(encodeFrame(FRAME.stdin, chunk))) {
      io.stdin.pause();
      socket.once('drain', () => io.stdin.resume());
    }
  });
  io.stdin.once('end', () => socket.write(encodeFrame(FRAME.eof)));
  io.stdin.on('error', () => socket.write(encodeFrame(FRAME.eof)));
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
      io.stdin.pause();
      resolve(code);
    });
  });
}
