import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { userMessage } from '../errors.js';
import type { Log } from '../log.js';
import { lineReader, MAX_LINE, type ControlRequest, type Frame, type StdinFrame } from '../control/protocol.js';

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
      } else if (stdinWaiter) {
        const frame = parseFrame(line);
        stdinWaiter(Buffer.from(String(frame?.stdin ?? ''), 'base64'));
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

function parseFrame(line: string): StdinFrame | undefined {
  try {
    return JSON.parse(line) as StdinFrame;
  } catch {
    return undefined;
  }
}
