import { execa } from 'execa';
import { join } from 'node:path';
import { tmpHome } from './engine.js';

export interface KeyPair {
  private: string;
  public: string;
  publicText: string;
}

/** A fresh key pair made by the real ssh-keygen. */
export async function sshKeygen(type: 'ed25519' | 'rsa' | 'ecdsa' = 'ed25519'): Promise<KeyPair> {
  const file = join(await tmpHome(), `id_${type}`);
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  await execa('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', `test-${type}`, '-f', file]);
  const { readFile } = await import('node:fs/promises');
  return { private: file, public: `${file}.pub`, publicText: await readFile(`${file}.pub`, 'utf8') };
}

/** OpenSSH client options for a test: this key only, no known_hosts, no prompts. */
export function sshOptions(key: string, port: number): string[] {
  return [
    '-i', key, '-p', String(port),
    '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null',
  ];
}

export function gitSshCommand(key: string, port: number): string {
  return ['ssh', ...sshOptions(key, port)].join(' ');
}

/** Runs `ssh dokku@127.0.0.1 COMMAND…` with the real client; never throws. */
export async function ssh(key: string, port: number, args: string[], extra: string[] = [], input?: string) {
  const res = await execa('ssh', [...sshOptions(key, port), ...extra, '--', 'dokku@127.0.0.1', ...args], {
    reject: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  return { exitCode: res.exitCode ?? 255, stdout: String(res.stdout), stderr: String(res.stderr) };
}
