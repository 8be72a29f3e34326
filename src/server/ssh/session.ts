import type { Session } from 'ssh2';
import { once } from 'node:events';
import type { Duplex, Writable } from 'node:stream';
import type { Principal } from '../../access.js';
import { DEFAULT_SIZE, remoteTerminal, terminalSize, type ClientTerminal } from '../../attachment.js';
import { dispatch } from '../../commands/dispatch.js';
import { ProcessError, UserError, userMessage } from '../../errors.js';
import { spawnService, type GitService } from '../../git.js';
import type { Services } from '../../services.js';
import { appFromRepoPath } from '../../names.js';
import { prepareGit } from '../git-access.js';
import { splitWords } from '../words.js';

const HELP = 'berth: no shell here. Push with git, or run a command: ssh berth@HOST help\r\n';

/**
 * What an exec needs of its channel: ssh2's ServerChannel, or the sshd
 * bridge's (port 22 through OpenSSH). Both run under the same rules here.
 */
export type ServerChannel = Duplex & { stderr: Writable; exit(code: number): void };

/** Runs one exec request (git or a berth command) and closes the channel with its exit status; `terminal` when the client asked for a pty. */
export function serveExec(channel: ServerChannel, command: string, principal: Principal, terminal: ClientTerminal | undefined, s: Services): void {
  finish(channel, runExec(channel, command, principal, terminal, s), s);
}

/** One SSH session: an exec request (git or a berth command), or a shell request answered with help. */
export function serveSession(session: Session, principal: Principal, s: Services): void {
  let pty: ReturnType<typeof remoteTerminal> | undefined;
  session.on('pty', (accept, _reject, info) => {
    pty = remoteTerminal(terminalSize(info.rows, info.cols) ?? DEFAULT_SIZE, info.term);
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    accept?.();
    const size = terminalSize(info.rows, info.cols);
    if (size) pty?.resize(size);
  });
  session.on('env', (accept) => accept?.());
  session.on('shell', (accept) => {
    const channel = accept();
    channel.write(HELP);
    finish(channel, Promise.resolve(0), s);
  });
  session.on('exec', (accept, _reject, info) => {
    serveExec(accept(), info.command, principal, pty?.terminal, s);
  });
}

export function finish(channel: ServerChannel, work: Promise<number>, s: Services): void {
  work
    .catch((err: unknown) => {
      s.log({ event: 'ssh-exec-failed', error: String(err) });
      channel.stderr.write(` !     ${userMessage(err)}\n`);
      return 1;
    })
    .then((code) => {
      // The exit status must precede the end of the channel, or clients see none.
      channel.exit(code);
      channel.end();
    });
}

async function runExec(channel: ServerChannel, command: string, principal: Principal, terminal: ClientTerminal | undefined, s: Services): Promise<number> {
  const words = splitWords(command);
  const [verb, path] = words;
  if ((verb === 'git-receive-pack' || verb === 'git-upload-pack') && path !== undefined && words.length === 2) {
    return runGit(channel, verb.slice(4) as GitService, path, principal, s);
  }
  const abort = new AbortController();
  channel.on('close', () => abort.abort(new Error('the client disconnected')));
  return dispatch(words, s, {
    // A client with a pty has its terminal raw: berth's own lines need \r\n.
    stdout: (t) => channel.write(terminal ? crlf(t) : t),
    stdoutBytes: (b) => channel.write(b),
    stderr: (t) => channel.stderr.write(terminal ? crlf(t) : t),
    tty: Boolean(terminal),
    signal: abort.signal,
    principal,
    readStdin: () => readAll(channel),
    prompt: async (question) => {
      channel.stderr.write(question);
      return readLine(channel);
    },
    cwd: '/',
    attach: () => ({ stdin: channel, stdout: channel, stderr: channel.stderr, terminal }),
  });
}

async function runGit(channel: ServerChannel, service: GitService, rawPath: string, principal: Principal, s: Services): Promise<number> {
  const target = await prepareGit(s, appFromRepoPath(rawPath), service, principal);
  s.log({ event: 'git-ssh', app: target.app, service, principal: principal.name });
  const push = service === 'receive-pack' ? s.pushes.begin(principal) : undefined;
  const env = push ? { ...target.env, BERTH_PUSH_ID: push.id } : target.env;
  const { child, done } = spawnService(service, target.repo, { statelessRpc: false, env });
  const onClose = () => {
    push?.abort('the pusher disconnected');
    child.kill('SIGTERM');
  };
  channel.on('close', onClose);
  channel.pipe(child.stdin!);
  child.stdin!.on('error', () => undefined);
  child.stdout!.pipe(channel, { end: false });
  child.stderr!.pipe(channel.stderr, { end: false });
  try {
    await Promise.all([done, once(child.stdout!, 'end')]);
    return 0;
  } catch (err) {
    if (err instanceof ProcessError) return err.exitCode ?? 1;
    throw err;
  } finally {
    channel.off('close', onClose);
    push?.end();
  }
}

export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

const MAX_STDIN = 512 * 1024 * 1024;

function readAll(channel: ServerChannel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    channel.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_STDIN) return reject(new UserError('stdin is larger than 512 MiB'));
      chunks.push(d);
    });
    channel.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

function readLine(channel: ServerChannel): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      const nl = text.search(/[\r\n]/);
      if (nl < 0) return;
      channel.off('data', onData);
      resolve(text.slice(0, nl).trim());
    };
    channel.on('data', onData);
    channel.once('end', () => resolve(text.trim()));
  });
}
