/**
 * Port 22 through OpenSSH: sshd runs berth's forced command as the ssh user
 * (default `dokku`), which hands the session to the daemon over this socket.
 * The socket is the trust boundary (docs/design.md): mode 0660, group of the
 * ssh user, in a 0750 directory of the same group, so only root and that
 * user reach it; and that user only ever runs what sshd forces.
 */
import { chmod, chown, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { Duplex, Writable } from 'node:stream';
import type { Principal } from '../access.js';
import type { Services } from '../services.js';
import { authorizedKeyLine, type BridgeCommand } from '../sshd/config.js';
import { DEFAULT_SIZE, remoteTerminal, terminalSize, type TerminalSize } from '../attachment.js';
import { encodeFrame, exitFrame, FRAME, frameReader, readSize, splitHeader, type BridgeHeader } from '../sshd/frames.js';
import { systemUserGroup } from '../sshd/passwd.js';
import { serveExec } from './ssh/session.js';

/** This daemon's forced command: the node and cli.js running now. */
export function bridgeCommand(s: Services): BridgeCommand {
  return { node: process.execPath, cli: process.argv[1] ?? '', socket: s.settings.sshdSocket };
}

export async function listenSshdBridge(s: Services): Promise<Server> {
  const path = s.settings.sshdSocket;
  const gid = await systemUserGroup(s.settings.sshdUser);
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  await chown(dirname(path), 0, gid);
  await chmod(dirname(path), 0o750);
  await rm(path, { force: true });
  const server = createServer((socket) => serveBridge(socket, s));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chown(path, 0, gid);
  await chmod(path, 0o660);
  return server;
}

function serveBridge(socket: Socket, s: Services): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('error', (err) => s.log({ event: 'sshd-bridge-error', error: err.message }));
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    let split;
    try {
      split = splitHeader(buffered);
    } catch (err) {
      s.log({ event: 'sshd-bridge-refused', error: String(err) });
      return socket.destroy();
    }
    if (!split) return;
    socket.off('data', onData);
    start(socket, split.header, split.rest, s);
  };
  socket.on('data', onData);
}

function start(socket: Socket, header: BridgeHeader, rest: Buffer, s: Services): void {
  if (header.op === 'keys') {
    const cmd = bridgeCommand(s);
    const lines = s.store.credentials.keys().map((k) => `${authorizedKeyLine(cmd, k)}\n`);
    socket.end(lines.join(''));
    return;
  }
  const key = header.key ? s.store.credentials.keyByFingerprint(header.key) : undefined;
  const pty = header.pty ? remoteTerminal(terminalSize(header.pty.rows, header.pty.cols) ?? DEFAULT_SIZE, header.pty.term) : undefined;
  const channel = new BridgeChannel(socket, (size) => pty?.resize(size));
  if (!key) {
    // Removed since sshd read the authorized keys: refuse as berth's SSH server would.
    s.log({ event: 'auth-failed', transport: 'sshd', fingerprint: header.key });
    channel.stderr.write(' !     this key is not (or no longer) a berth key\n');
    channel.exit(255);
    channel.end();
    return;
  }
  const principal: Principal = { name: key.name, kind: 'key', apps: key.apps };
  s.log({ event: 'sshd-session', principal: key.name, command: header.command ?? '' });
  channel.feed(rest);
  serveExec(channel, header.command?.trim() ? header.command : 'help', principal, pty?.terminal, s);
}

/** The session seen as an ssh2 channel: frames in, frames out. */
class BridgeChannel extends Duplex {
  readonly stderr: Writable;
  private readonly frames: (chunk: Buffer) => void;
  private code = 0;

  constructor(private readonly socket: Socket, onResize: (size: TerminalSize) => void) {
    super();
    this.frames = frameReader((type, payload) => {
      if (type === FRAME.stdin) {
        if (!this.push(payload)) socket.pause();
      } else if (type === FRAME.eof) this.push(null);
      else if (type === FRAME.resize) {
        const size = readSize(payload);
        const valid = size && terminalSize(size.rows, size.cols);
        if (valid) onResize(valid);
      }
    });
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('close', () => this.destroy());
    this.stderr = new Writable({ write: (chunk: Buffer, _enc, cb) => this.send(encodeFrame(FRAME.stderr, chunk), cb) });
  }

  feed(chunk: Buffer): void {
    try {
      this.frames(chunk);
    } catch {
      this.socket.destroy();
    }
  }

  /** Sent by _final, after every queued stdout and stderr byte. */
  exit(code: number): void {
    this.code = code;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.send(encodeFrame(FRAME.stdout, chunk), cb);
  }

  override _final(cb: () => void): void {
    this.stderr.end(() => {
      if (!this.socket.destroyed) this.socket.end(exitFrame(this.code));
      cb();
    });
  }

  private send(frame: Buffer, cb: (err?: Error | null) => void): void {
    if (this.socket.destroyed) return cb();
    if (this.socket.write(frame)) cb();
    else this.socket.once('drain', () => cb());
  }
}
