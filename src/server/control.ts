import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { userMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { PassThrough, Writable } from 'node:stream';
import { DEFAULT_SIZE, remoteTerminal, terminalSize, type Attachment } from '../commands/attachment.js';
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
  const connection = new ControlConnection(socket, handle, log);
  socket.on('error', (err) => log({ event: 'control-socket-error', error: err.message }));
  socket.on('close', () => connection.clientLeft());
  socket.on('data', lineReader((line) => connection.onLine(line), () => connection.refuseTooLong()));
}

/**
 * One connection: its first line is the request; later lines are the
 * client's stdin when asked (`ask`), or its typing and window changes once
 * a command attached it (enter).
 */
class ControlConnection {
  private readonly abort = new AbortController();
  private started = false;
  private ended = false;
  private stdinWaiter: ((data: Buffer) => void) | undefined;
  private attached: Attached | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly handle: ControlHandler,
    private readonly log: Log,
  ) {}

  onLine(line: string): void {
    if (!this.started) {
      this.started = true;
      void this.respond(line);
    } else if (this.attached) {
      this.attached.onFrame(parseFrame(line));
    } else if (this.stdinWaiter) {
      const frame = parseFrame(line);
      this.stdinWaiter(Buffer.from(frame && 'stdin' in frame ? String(frame.stdin) : '', 'base64'));
      this.stdinWaiter = undefined;
    }
  }

  clientLeft(): void {
    if (!this.ended) this.abort.abort(new Error('the client disconnected'));
  }

  refuseTooLong(): void {
    this.log({ event: 'control-line-too-long' });
    this.send({ err: ` !     the request is larger than ${MAX_LINE / 1024 / 1024 / 4 * 3} MiB\n` });
    this.send({ exit: 1 });
    this.ended = true;
    this.socket.destroy();
  }

  private async respond(line: string): Promise<void> {
    let code: number;
    try {
      const request = JSON.parse(line) as ControlRequest;
      code = await this.handle(request, this.channel(request.kind === 'command' ? request.terminal : undefined));
    } catch (err) {
      this.log({ event: 'control-request-failed', error: String(err), stack: (err as Error)?.stack });
      this.send({ err: ` !     ${userMessage(err)}\n` });
      code = 1;
    }
    this.send({ exit: code });
    this.ended = true;
    this.socket.end();
  }

  private channel(terminal: TerminalRequest | undefined): Channel {
    const send = (frame: Frame) => this.send(frame);
    return {
      stdout: (text) => send({ out: text }),
      stdoutBytes: (chunk) => send({ outb: chunk.toString('base64') }),
      stderr: (text) => send({ err: text }),
      readStdin: () => this.ask('stdin'),
      prompt: async (question) => {
        send({ err: question });
        return (await this.ask('line')).toString('utf8').trim();
      },
      signal: this.abort.signal,
      attach: () => {
        this.attached = attachClient(send, terminal);
        return this.attached.attachment;
      },
    };
  }

  private ask(what: 'stdin' | 'line'): Promise<Buffer> {
    return new Promise<Buffer>((resolve) => {
      this.stdinWaiter = resolve;
      this.send({ ask: what });
    });
  }

  private send(frame: Frame): void {
    if (!this.ended && !this.socket.destroyed) this.socket.write(`${JSON.stringify(frame)}\n`);
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
