/**
 * docker-options for the deploy and run phases, parsed into a spec fragment
 * (never handed to a shell). Tenants get an allow-list; admins also get the
 * options that reach the host (volumes, privileged, host namespaces …).
 */
import { UserError } from '../core/errors.js';
import { splitWords } from '../server/words.js';
import type { HostConfig, SpecFragment } from './fragment.js';
import { parseCpu, parseMemory } from './resources.js';

type Apply = (f: Required<Pick<SpecFragment, 'Env' | 'Labels'>> & { HostConfig: HostConfig }, value: string) => void;

interface OptionDef {
  /** Takes a value (`--env K=V`) or is a switch (`--init`). */
  value: boolean;
  apply: Apply;
}

const pair = (v: string, flag: string): [string, string] => {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new UserError(`${flag} needs KEY=VALUE, not '${v}'`);
  return [v.slice(0, eq), v.slice(eq + 1)];
};

/** What any credential may set: limits and settings inside the container. */
const TENANT: Record<string, OptionDef> = {
  '--env': { value: true, apply: (f, v) => void (f.Env[pair(v, '--env')[0]] = pair(v, '--env')[1]) },
  '--label': { value: true, apply: (f, v) => void (f.Labels[userLabel(pair(v, '--label')[0])] = pair(v, '--label')[1]) },
  '--restart': { value: true, apply: (f, v) => void (f.HostConfig.RestartPolicy = restart(v)) },
  '--log-opt': { value: true, apply: (f, v) => void (f.HostConfig.LogConfig = { Type: f.HostConfig.LogConfig?.Type ?? 'json-file', Config: { ...f.HostConfig.LogConfig?.Config, [pair(v, '--log-opt')[0]]: pair(v, '--log-opt')[1] } }) },
  '--tmpfs': { value: true, apply: (f, v) => void (f.HostConfig.Tmpfs = { ...f.HostConfig.Tmpfs, [v.split(':')[0] as string]: v.split(':').slice(1).join(':') }) },
  '--ulimit': { value: true, apply: (f, v) => void (f.HostConfig.Ulimits = [...(f.HostConfig.Ulimits ?? []), ulimit(v)]) },
  '--shm-size': { value: true, apply: (f, v) => void (f.HostConfig.ShmSize = parseMemory(v)) },
  '--memory': { value: true, apply: (f, v) => void (f.HostConfig.Memory = parseMemory(v)) },
  '--memory-reservation': { value: true, apply: (f, v) => void (f.HostConfig.MemoryReservation = parseMemory(v)) },
  '--memory-swap': { value: true, apply: (f, v) => void (f.HostConfig.MemorySwap = v === '-1' ? -1 : parseMemory(v)) },
  '--cpus': { value: true, apply: (f, v) => void (f.HostConfig.NanoCpus = Math.round(parseCpu(v) * 1e9)) },
  '--cpu-shares': { value: true, apply: (f, v) => void (f.HostConfig.CpuShares = whole(v, '--cpu-shares')) },
  '--pids-limit': { value: true, apply: (f, v) => void (f.HostConfig.PidsLimit = whole(v, '--pids-limit')) },
  '--init': { value: false, apply: (f) => void (f.HostConfig.Init = true) },
  '--read-only': { value: false, apply: (f) => void (f.HostConfig.ReadonlyRootfs = true) },
  '--cap-drop': { value: true, apply: (f, v) => void (f.HostConfig.CapDrop = [...(f.HostConfig.CapDrop ?? []), v]) },
  '--add-host': { value: true, apply: (f, v) => void (f.HostConfig.ExtraHosts = [...(f.HostConfig.ExtraHosts ?? []), v]) },
  '--dns': { value: true, apply: (f, v) => void (f.HostConfig.Dns = [...(f.HostConfig.Dns ?? []), v]) },
};

/** What only admins may set: these reach the host or other apps. */
const ADMIN: Record<string, OptionDef> = {
  // Drivers such as syslog or gelf send to addresses of the driver's choosing.
  '--log-driver': { value: true, apply: (f, v) => void (f.HostConfig.LogConfig = { Type: v, Config: f.HostConfig.LogConfig?.Config ?? {} }) },
  '--volume': { value: true, apply: (f, v) => void (f.HostConfig.Binds = [...(f.HostConfig.Binds ?? []), v]) },
  '--privileged': { value: false, apply: (f) => void (f.HostConfig.Privileged = true) },
  '--cap-add': { value: true, apply: (f, v) => void (f.HostConfig.CapAdd = [...(f.HostConfig.CapAdd ?? []), v]) },
  '--device': { value: true, apply: (f, v) => void (f.HostConfig.Devices = [...(f.HostConfig.Devices ?? []), device(v)]) },
  '--security-opt': { value: true, apply: (f, v) => void (f.HostConfig.SecurityOpt = [...(f.HostConfig.SecurityOpt ?? []), v]) },
  '--network': { value: true, apply: (f, v) => void (f.HostConfig.NetworkMode = v) },
  '--pid': { value: true, apply: (f, v) => void (f.HostConfig.PidMode = v) },
  '--ipc': { value: true, apply: (f, v) => void (f.HostConfig.IpcMode = v) },
  '--userns': { value: true, apply: (f, v) => void (f.HostConfig.UsernsMode = v) },
  '--cgroup-parent': { value: true, apply: (f, v) => void (f.HostConfig.CgroupParent = v) },
};

const SHORT: Record<string, string> = { '-e': '--env', '-l': '--label', '-m': '--memory', '-v': '--volume', '--net': '--network' };

/** Parses stored options into one fragment; `admin` widens the allowed set. */
export function parseRuntimeOptions(entries: readonly string[], admin: boolean): SpecFragment {
  const f = { Env: {}, Labels: {}, HostConfig: {} as HostConfig };
  const words = entries.flatMap((e) => splitWords(e));
  for (let i = 0; i < words.length; i++) {
    const [raw, inline] = splitFlag(words[i] as string);
    const flag = SHORT[raw] ?? raw;
    const def = TENANT[flag] ?? (admin ? ADMIN[flag] : undefined);
    if (!def) throw new UserError(ADMIN[flag] || flag === '--mount' ? `${raw} is not allowed: it reaches the host or other apps (admins only)` : `unsupported docker option ${raw}`);
    const value = def.value ? (inline ?? words[++i] ?? missing(raw)) : '';
    def.apply(f, value);
  }
  return compact(f);
}

function compact(f: { Env: Record<string, string>; Labels: Record<string, string>; HostConfig: HostConfig }): SpecFragment {
  const out: SpecFragment = {};
  if (Object.keys(f.Env).length) out.Env = f.Env;
  if (Object.keys(f.Labels).length) out.Labels = f.Labels;
  if (Object.keys(f.HostConfig).length) out.HostConfig = f.HostConfig;
  return out;
}

function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

// berth.* labels tell berth what a container is (app, process, instance).
function userLabel(key: string): string {
  if (key.startsWith('berth.')) throw new UserError(`--label ${key} is not allowed: berth.* labels are berth's own`);
  return key;
}

function missing(flag: string): never {
  throw new UserError(`${flag} needs a value`);
}

function whole(v: string, flag: string): number {
  if (!/^-?\d+$/.test(v)) throw new UserError(`${flag} needs a whole number, not ${v}`);
  return Number(v);
}

function restart(v: string): { Name: string; MaximumRetryCount?: number } {
  const [name = '', count] = v.split(':');
  if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name)) throw new UserError(`invalid --restart policy ${v}`);
  return name === 'on-failure' && count !== undefined ? { Name: name, MaximumRetryCount: whole(count, '--restart') } : { Name: name };
}

function ulimit(v: string): { Name: string; Soft: number; Hard: number } {
  const [name, limits] = pair(v, '--ulimit');
  const [soft = '', hard = soft] = limits.split(':');
  return { Name: name, Soft: whole(soft, '--ulimit'), Hard: whole(hard, '--ulimit') };
}

function device(v: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const [host = '', container = host, perms = 'rwm'] = v.split(':');
  return { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms };
}
