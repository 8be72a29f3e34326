/**
 * The only module that spawns haproxy (and openssl, for the router's default
 * certificate). argv arrays, no shell, explicit env, a timeout on each.
 */
import { execa } from 'execa';
import { ProcessError, UserError } from '../core/errors.js';

const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

async function run(command: string, args: string[], timeoutMs = 30_000): Promise<string> {
  const res = await execa(command, args, { env: ENV, extendEnv: false, reject: false, timeout: timeoutMs, stdin: 'ignore', all: true });
  if ((res as { code?: string }).code === 'ENOENT') throw new UserError(`${command} is not installed (scripts/setup.sh installs it)`, { cause: res });
  if (res.exitCode !== 0) throw new ProcessError(`${command} ${args[0] ?? ''}`.trim(), res.exitCode ?? null, String(res.all ?? ''), { cause: res });
  return String(res.all ?? '');
}

/** `haproxy -c`: resolves when the file is a valid config, else throws with haproxy's own words. */
export async function checkConfig(configPath: string): Promise<void> {
  await run('haproxy', ['-c', '-q', '-f', configPath]);
}

/**
 * Starts haproxy in master-worker mode, daemonized: it leaves berth's
 * process group, so a daemon that stops, crashes or is killed never takes
 * it along. Resolves once the master has forked.
 */
export async function startHaproxy(f: { config: string; pid: string; masterSocket: string }): Promise<void> {
  await run('haproxy', ['-W', '-D', '-f', f.config, '-p', f.pid, '-S', `${f.masterSocket},mode,600`]);
}

export async function haproxyVersion(): Promise<string> {
  const out = await run('haproxy', ['-v']);
  return /version (\S+)/.exec(out)?.[1] ?? 'unknown';
}

/** A self-signed certificate and key in one PEM file, so the TLS port can start before any app has a certificate. */
export async function makeSelfSigned(keyPath: string, certPath: string): Promise<void> {
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '3650', '-subj', '/CN=berth default certificate']);
}
