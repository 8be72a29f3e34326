/**
 * The runtime API commands that take a running haproxy from one state to
 * another without a reload. Pure: states in, commands out.
 */
import { hostsMap, redirectMap, type RouterFiles } from './config.js';
import { DAEMON_BACKEND, type RouterModel, type ServerState } from './model.js';
import type { ServerStat } from './runtime.js';

/** What the runtime API can change: servers' address and state, and the two maps. */
export interface Flat {
  readonly servers: Map<string, { addr: string; state: ServerState }>;
  readonly hosts: Map<string, string>;
  readonly redirects: Map<string, string>;
}

export interface Command {
  readonly command: string;
  /** What a successful answer looks like (empty when absent). */
  readonly ok?: RegExp;
}

export function flatten(model: RouterModel): Flat {
  const servers = new Map<string, { addr: string; state: ServerState }>();
  servers.set(`${DAEMON_BACKEND}/daemon`, { addr: `127.0.0.1:${model.daemonPort || 9}`, state: model.daemonPort ? 'ready' : 'maint' });
  for (const b of model.backends) for (const s of b.servers) servers.set(`${b.name}/${s.name}`, { addr: `${s.upstream.host}:${s.upstream.port}`, state: s.state });
  return { servers, hosts: hostsMap(model), redirects: redirectMap(model) };
}

/** The running haproxy's state, as read from `show stat` and `show map`. */
export function flatFromRuntime(stats: ServerStat[], hosts: Map<string, string>, redirects: Map<string, string>): Flat {
  const servers = new Map<string, { addr: string; state: ServerState }>();
  for (const s of stats) servers.set(`${s.backend}/${s.server}`, { addr: s.addr, state: runtimeState(s.status) });
  return { servers, hosts, redirects };
}

function runtimeState(status: string): ServerState {
  if (status.startsWith('MAINT')) return 'maint';
  if (status.startsWith('DRAIN')) return 'drain';
  return 'ready';
}

const ADDR_OK = /changed|no need to change/;

/**
 * New servers first (pointed, then ready), then the maps, then old servers
 * drained or put in maintenance: at every step each mapped host has a ready
 * server, so no request finds none.
 */
export function commandsBetween(from: Flat, to: Flat, files: RouterFiles): Command[] {
  const up: Command[] = [];
  const down: Command[] = [];
  for (const [id, want] of to.servers) {
    const have = from.servers.get(id);
    if (want.state === 'ready' && (have?.state !== 'ready' || have.addr !== want.addr)) {
      if (have?.addr !== want.addr) up.push(setAddr(id, want.addr));
      if (have?.state !== 'ready') up.push({ command: `set server ${id} state ready` });
    } else if (want.state !== 'ready' && have?.state !== want.state) {
      down.push({ command: `set server ${id} state ${want.state}` });
    }
  }
  return [...up, ...mapCommands(files.hostsMap, from.hosts, to.hosts), ...mapCommands(files.redirectMap, from.redirects, to.redirects), ...down];
}

function setAddr(id: string, addr: string): Command {
  const i = addr.lastIndexOf(':');
  return { command: `set server ${id} addr ${addr.slice(0, i)} port ${addr.slice(i + 1)}`, ok: ADDR_OK };
}

function mapCommands(file: string, from: Map<string, string>, to: Map<string, string>): Command[] {
  const out: Command[] = [];
  for (const [key, value] of to) {
    const have = from.get(key);
    if (have === undefined) out.push({ command: `add map ${file} ${key} ${value}` });
    else if (have !== value) out.push({ command: `set map ${file} ${key} ${value}` });
  }
  for (const key of from.keys()) if (!to.has(key)) out.push({ command: `del map ${file} ${key}` });
  return out;
}
