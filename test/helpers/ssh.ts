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

/** `ssh -tt dokku@127.0.0.1 COMMAND…` (a terminal on the server) with `typed` typed into it. */
export async function sshTyping(key: string, port: number, args: string[], typed: string) {
  const { typeInto } = await import('./typing.js');
  return typeInto('ssh', [...sshOptions(key, port), '-tt', '--', 'dokku@127.0.0.1', ...args], typed);
}

/**
 * ssh2's client runs `enter APP` with a 30×100 vt100 pty, asks `stty size`,
 * changes the window to 40×120 and asks again; resolves with all output.
 */
export async function enterResizing(key: string, port: number, app: string): Promise<string> {
  const { default: ssh2 } = await import('ssh2');
  const { readFile } = await import('node:fs/promises');
  const privateKey = await readFile(key);
  return new Promise<string>((resolve, reject) => {
    const client = new ssh2.Client();
    let out = '';
    let resized = false;
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(`enter ${app}`, { pty: { rows: 30, cols: 100, term: 'vt100' } }, (err, stream) => {
        if (err) return reject(err);
        stream.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (resized || !/^30 100\r?$/m.test(out)) return;
          resized = true;
          stream.setWindow(40, 120, 0, 0);
          stream.write('stty size; echo $TERM; exit\n');
        });
        stream.on('close', () => (client.end(), resolve(out)));
        stream.write('stty size\n');
      });
    });
    client.connect({ host: '127.0.0.1', port, username: 'dokku', privateKey });
  });
}
