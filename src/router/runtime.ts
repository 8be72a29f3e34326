/**
 * HAProxy's runtime API over its unix admin socket (never TCP): one command
 * per connection, the answer read until haproxy closes it. Parsers for the
 * few answers berth reads are pure and unit-tested.
 */
import { connect } from 'node:net';
import { ProcessError } from '../core/errors.js';

/** Sends one command (with an optional multi-line payload) and resolves with the answer. */
export function ask(socketPath: string, command: string, opts: { payload?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    const timer = setTimeout(() => socket.destroy(new Error(`haproxy did not answer '${firstWord(command)}' within ${opts.timeoutMs ?? 10_000} ms`)), opts.timeoutMs ?? 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    // The master CLI waits for the client to finish writing; the admin socket does not mind.
    socket.end(opts.payload === undefined ? `${command}\n` : `${command} <<\n${opts.payload.trim()}\n\n`);
  });
}

/** Streams a long-running command's answer (`show events berth -w`) until `signal` aborts or haproxy closes. */
export function follow(socketPath: string, command: string, onText: (text: string) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.setEncoding('utf8');
    socket.on('data', onText);
    socket.on('error', reject);
    socket.on('close', () => resolve());
    signal.addEventListener('abort', () => socket.destroy(), { once: true });
    socket.write(`${command}\n`);
  });
}

/** Sends a command whose successful answer matches `ok` (empty by default); throws with haproxy's answer otherwise. */
export async function act(socketPath: string, command: string, ok: RegExp = /^\s*$/, payload?: string): Promise<string> {
  const answer = await ask(socketPath, command, { payload });
  if (!ok.test(answer)) throw new ProcessError(`haproxy: ${command.split(' ').slice(0, 3).join(' ')}`, null, answer.trim());
  return answer;
}

/** Whether something answers `show info` on the socket. */
export async function answers(socketPath: string): Promise<boolean> {
  try {
    return /^Name: HAProxy/m.test(await ask(socketPath, 'show info', { timeoutMs: 3000 }));
  } catch {
    return false;
  }
}

export interface ServerStat {
  readonly backend: string;
  readonly server: string;
  /** Sessions now on the server: requests in flight and upgraded connections. */
  readonly current: number;
  readonly status: string;
  readonly addr: string;
  readonly total: number;
}

/** Parses `show stat` CSV, keeping server rows. */
export function parseStat(csv: string): ServerStat[] {
  const lines = csv.split('\n').filter((l) => l.trim());
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const out: ServerStat[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const server = f[col('svname')] ?? '';
    if (server === 'FRONTEND' || server === 'BACKEND' || !server) continue;
    out.push({
      backend: f[col('pxname')] ?? '',
      server,
      current: Number(f[col('scur')] ?? 0),
      status: f[col('status')] ?? '',
      addr: f[col('addr')] ?? '',
      total: Number(f[col('stot')] ?? 0),
    });
  }
  return out;
}

/** Parses `show map FILE`: `0xID key value` lines. */
export function parseMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^0x[0-9a-f]+ (\S+) (.*)$/.exec(line.trim());
    if (m) map.set(m[1] as string, m[2] as string);
  }
  return map;
}

/** Parses `show info` into its fields. */
export function parseInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) info[line.slice(0, i)] = line.slice(i + 2).trim();
  }
  return info;
}

function firstWord(command: string): string {
  return command.split(' ').slice(0, 2).join(' ');
}
