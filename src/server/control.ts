import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { userMessage } from '../errors.js';
import type { Log } from '../log.js';
import { PassThrough, Writable } from 'node:stream';
import { DEFAULT_SIZE, remoteTerminal, terminalSize, type Attachment } from '../attachment.js';
import { lineReader, MAX_LINE, type ControlRequest, type Frame, type StdinFrame, type TerminalRequest } from '../control/protocol.js';

/** What a request handler gets: where to write, and whether the client left. */
export interface Channel {
  stdout: (text: string) => void;
  /** Binary stdout, sent base64 in `outb` frames. */
  stdoutBytes: (chunk: Buffer) => void;
  stderr: (text: string) => void;
  /** Asks the client for its whole stdin. */
  readStdin: () => Promise<Buffer>;
  /** Shows a question and reads one line of the client's stdin. */
  prompt: (question: string) => Promise<string>;
  /** Aborted when the client disconnects before the answer is complete. */
  signal: AbortSignal;
  /** Asks the client to stream its stdin (enter); its terminal when it has one. */
  attach: () => Attachment;
}

export type ControlHandler = (request: ControlRequest, channel: Channel) => Promise<number>;

/** Serves the control socket: one request per connection. */
export async function listenControl(path: string, handle: ControlHandler, log: Log): Promise<Server> {
  await rm(path, { force: true });
  const server = createServer((socket) => serveConnection(socket, handle, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return server;
}

function serveConnection(socket: Socket, handle: ControlHandler, log: Log): void {
  const abort = new AbortController();
  let started = false;
  let ended = false;
  let stdinWaiter: ((data: Buffer) => void) | undefined;
  let attached: Attached | undefined;
  const ask = (what: 'stdin' | 'line') =>
    new Promise<Buffer>((resolve) => {
      stdinWaiter = resolve;
      send({ ask: what });
    });
  const send = (frame: Frame) => {
    if (!ended && !socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  };
  socket.on('error', (err) => log({ event: 'control-socket-error', error: err.message }));
  socket.on('close', () => {
    if (!ended) abort.abort(new Error('the client disconnected'));
  });
  socket.on(
    'data',
    lineReader((line) => {
      if (!started) {
        started = true;
        void respond(line);
      } else if (attached) {
        attached.onFrame(parseFrame(line));
      } else if (stdinWaiter) {
        const frame = parseFrame(line);
        stdinWaiter(Buffer.from(frame && 'stdin' in frame ? String(frame.stdin) : '', 'base64'));
        stdinWaiter = undefined;
      }
    }, () => {
      log({ event: 'control-line-too-long' });
      send({ err: ` !     the request is larger than ${MAX_LINE / 1024 / 1024 / 4 * 3} MiB\n` });
      send({ exit: 1 });
      ended = true;
      socket.destroy();
    }),
  );

  async function respond(line: string): Promise<void> {
    let code: number;
    try {
      const request = JSON.parse(line) as ControlRequest;
      const terminal = request.kind === 'command' ? request.terminal : undefined;
      code = await handle(request, {
        stdout: (text) => send({ out: text }),
        stdoutBytes: (chunk) => send({ outb: chunk.toString('base64') }),
        stderr: (text) => send({ err: text }),
        readStdin: () => ask('stdin'),
        prompt: async (question) => {
          send({ err: question });
          return (await ask('line')).toString('utf8').trim();
        },
        signal: abort.signal,
        attach: () => {
          attached = attachClient(send, terminal);
          return attached.attachment;
        },
      });
    } catch (err) {
      log({ event: 'control-request-failed', error: String(err), stack: (err as Error)?.stack });
      send({ err: ` !     ${userMessage(err)}\n` });
      code = 1;
    }
    send({ exit: code });
    ended = true;
    socket.end();
  }
}

interface Attached {
  attachment: Attachment;
  onFrame: (frame: StdinFrame | undefined) => void;
}

// From here on the client's frames are its stdin as typed and its window changes.
function attachClient(send: (frame: Frame) => void, request: TerminalRequest | undefined): Attached {
  const stdin = new PassThrough();
  const framed = (key: 'outb' | 'errb') => new Writable({ write: (chunk: Buffer, _enc, cb) => (send({ [key]: chunk.toString('base64') } as Frame), cb()) });
  const pty = request ? remoteTerminal(terminalSize(request.rows, request.cols) ?? DEFAULT_SIZE, request.term) : undefined;
  send({ attach: true });
  return {
    attachment: { stdin, stdout: framed('outb'), stderr: framed('errb'), terminal: pty?.terminal },
    onFrame(frame) {
      if (!frame || stdin.writableEnded) return;
      if ('stdin' in frame) stdin.write(Buffer.from(String(frame.stdin), 'base64'));
      else if ('eof' in frame) stdin.end();
      else if ('resize' in frame) {
        const size = terminalSize(frame.resize?.rows, frame.resize?.cols);
        if (size) pty?.resize(size);
      }
    },
  };
}

function parseFrame(line: string): StdinFrame | undefined {
  try {
    return JSON.parse(line) as StdinFrame;
  } catch {
    return undefined;
  }
}
