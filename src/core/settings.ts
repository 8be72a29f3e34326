import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from './errors.js';

/** Everything berth reads from flags and the environment, read once at start. */
export interface Settings {
  readonly home: string;
  readonly bind: string;
  readonly httpPort: number;
  readonly sshPort: number;
  readonly routerPort: number;
  readonly routerTlsPort: number;
  readonly domain: string;
  readonly insecureHttp: boolean;
  /** Seconds a new web container has to answer before the deploy gives up. */
  readonly readyTimeout: number;
  /** Seconds an old container may keep serving in-flight requests after a swap. */
  readonly drainTimeout: number;
  readonly socketPath: string;
  /** The Docker engine's unix socket (DOCKER_HOST=unix://PATH). */
  readonly dockerSocket: string;
  /** The system user whose sshd sessions are handed to berth (port 22); empty: none. */
  readonly sshdUser: string;
  /** The unix socket those sessions reach the daemon by (group of sshdUser, 0660). */
  readonly sshdSocket: string;
}

interface Option {
  flag: string;
  env: string;
  key: keyof Settings;
  kind: 'string' | 'port' | 'seconds' | 'boolean';
}

const OPTIONS: Option[] = [
  { flag: '--home', env: 'BERTH_HOME', key: 'home', kind: 'string' },
  { flag: '--host', env: 'BERTH_BIND', key: 'bind', kind: 'string' },
  { flag: '--http-port', env: 'BERTH_HTTP_PORT', key: 'httpPort', kind: 'port' },
  { flag: '--ssh-port', env: 'BERTH_SSH_PORT', key: 'sshPort', kind: 'port' },
  { flag: '--router-port', env: 'BERTH_ROUTER_PORT', key: 'routerPort', kind: 'port' },
  { flag: '--router-tls-port', env: 'BERTH_ROUTER_TLS_PORT', key: 'routerTlsPort', kind: 'port' },
  { flag: '--domain', env: 'BERTH_DOMAIN', key: 'domain', kind: 'string' },
  { flag: '--insecure-http', env: 'BERTH_INSECURE_HTTP', key: 'insecureHttp', kind: 'boolean' },
  { flag: '--ready-timeout', env: 'BERTH_READY_TIMEOUT', key: 'readyTimeout', kind: 'seconds' },
  { flag: '--drain-timeout', env: 'BERTH_DRAIN_TIMEOUT', key: 'drainTimeout', kind: 'seconds' },
  { flag: '--docker-host', env: 'DOCKER_HOST', key: 'dockerSocket', kind: 'string' },
  { flag: '--sshd-user', env: 'BERTH_SSHD_USER', key: 'sshdUser', kind: 'string' },
  { flag: '--sshd-socket', env: 'BERTH_SSHD_SOCKET', key: 'sshdSocket', kind: 'string' },
];

export function defaultHome(env: NodeJS.ProcessEnv, uid: number | undefined): string {
  if (env.BERTH_HOME) return resolve(env.BERTH_HOME);
  return uid === 0 ? '/var/lib/berth' : join(homedir(), '.berth');
}

/**
 * Reads settings from `argv` flags (which win) and `BERTH_*` variables.
 * Returns the frozen settings and the arguments that were not settings;
 * with `leadingOnly`, flags after the first other argument are left alone
 * (they belong to the command).
 */
export function readSettings(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  uid: number | undefined = process.getuid?.(),
  opts: { leadingOnly?: boolean } = {},
): { settings: Settings; rest: string[] } {
  const raw: Record<string, string | undefined> = {};
  for (const opt of OPTIONS) raw[opt.key] = env[opt.env];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = splitFlag(arg);
    const opt = OPTIONS.find((o) => o.flag === flag);
    if (!opt && opts.leadingOnly) {
      rest.push(...argv.slice(i));
      break;
    }
    if (!opt) {
      rest.push(arg);
      continue;
    }
    if (opt.kind === 'boolean') raw[opt.key] = inline ?? 'true';
    else if (inline !== undefined) raw[opt.key] = inline;
    else if (i + 1 < argv.length) raw[opt.key] = argv[++i];
    else throw new UserError(`${flag} needs a value`);
  }
  const home = raw.home ? resolve(raw.home) : defaultHome(env, uid);
  const settings: Settings = {
    home,
    bind: raw.bind || '127.0.0.1',
    httpPort: port(raw.httpPort, 8080, '--http-port'),
    sshPort: port(raw.sshPort, 2222, '--ssh-port'),
    routerPort: port(raw.routerPort, 8000, '--router-port'),
    routerTlsPort: port(raw.routerTlsPort, 8443, '--router-tls-port'),
    domain: domain(raw.domain || 'localhost'),
    insecureHttp: bool(raw.insecureHttp),
    readyTimeout: seconds(raw.readyTimeout, 60, '--ready-timeout'),
    drainTimeout: seconds(raw.drainTimeout, 60, '--drain-timeout'),
    socketPath: join(home, 'berth.sock'),
    dockerSocket: dockerSocket(raw.dockerSocket),
    sshdUser: sshdUser(raw.sshdUser ?? ''),
    sshdSocket: resolve(raw.sshdSocket || '/run/berth/sshd.sock'),
  };
  return { settings: Object.freeze(settings), rest };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  if (!arg.startsWith('--') || eq < 0) return [arg, undefined];
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

function port(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`${flag}: '${value}' is not a port number`);
  return n;
}

function seconds(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag}: '${value}' is not a positive number of seconds`);
  return n;
}

function bool(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());
}

function dockerSocket(value: string | undefined): string {
  if (!value) return '/var/run/docker.sock';
  if (value.startsWith('unix://') && value.length > 'unix://'.length) return value.slice('unix://'.length);
  throw new UserError(`--docker-host: '${value}' is not unix:///PATH (berth talks to a local engine only)`);
}

function sshdUser(value: string): string {
  if (value && !/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) throw new UserError(`--sshd-user: '${value}' is not a user name`);
  return value;
}

function domain(value: string): string {
  const d = value.toLowerCase();
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(d)) throw new UserError(`--domain: '${value}' is not a domain name`);
  return d;
}
