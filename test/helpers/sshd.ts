/**
 * A private OpenSSH sshd for a test: its own port, host key and config made
 * from `berth sshd:config`, and the system user it serves (made if missing).
 */
import { execa, type ResultPromise } from 'execa';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpHome } from './engine.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Creates the user if missing; returns whether this call made it (to remove after). */
export async function ensureSystemUser(user: string): Promise<boolean> {
  if ((await execa('id', ['-u', user], { reject: false })).exitCode === 0) return false;
  await execa('useradd', ['--system', '--user-group', '--shell', '/bin/sh', '--home-dir', '/', '--no-create-home', user]);
  // '*': no password, but not locked ('!'), which sshd without PAM refuses.
  await execa('usermod', ['-p', '*', user]);
  return true;
}

export async function removeSystemUser(user: string): Promise<void> {
  await execa('userdel', [user], { reject: false });
}

export interface TestSshd {
  port: number;
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(matchBlock: string): Promise<TestSshd> {
  const dir = await tmpHome();
  const port = await freePort();
  const hostKey = join(dir, 'host_ed25519');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = join(dir, 'sshd_config');
  const testOnly = [`Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', 'LogLevel VERBOSE'];
  await writeFile(config, `${testOnly.join('\n')}\n${matchBlock}`);
  await chmod(config, 0o600);
  await execa('/usr/sbin/sshd', ['-t', '-f', config]);
  let log = '';
  const child: ResultPromise = execa('/usr/sbin/sshd', ['-D', '-e', '-f', config], { reject: false, buffer: false, stdin: 'ignore' });
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sshd did not listen on ${port}: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([child, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
