/**
 * Receive: a push of a large generated repo (500 MB, 20,000 files of random
 * bytes, packed) into a fresh repository, timed from `git push` starting to
 * it exiting — the pack received, indexed and stored and the ref updated
 * (berth's hooks included; the branch is not a deploy branch, so nothing is
 * built). Side by side in one run, alternated: git's own servers (`git
 * http-backend` as CGI, OpenSSH's sshd running git-receive-pack) and berth's
 * HTTP and SSH. The daemon's RSS is sampled from /proc/PID/status throughout.
 */
import { execa } from 'execa';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../test/helpers/daemon.js';
import { tmpHome } from '../test/helpers/engine.js';
import { generateRepo } from './big-repo.js';
import { gitSshCommand, sshKeygen } from '../test/helpers/ssh.js';
import { startSshd } from '../test/helpers/sshd.js';
import { startGitCgi } from './git-cgi.js';

export interface ReceiveFigures {
  files: number;
  bytes: number;
  /** Milliseconds per push. */
  gitHttpMs: number[];
  berthHttpMs: number[];
  gitSshMs: number[];
  berthSshMs: number[];
  /** Port 22 through OpenSSH and berth's bridge; empty when not measured. */
  berthSshdMs: number[];
  daemonIdleRssMB: number;
  daemonPeakRssMB: number;
}

const FILES = Number(process.env.BENCH_RECEIVE_FILES ?? 20_000);
const FILE_BYTES = 25_000;

export async function benchReceive(runs: number): Promise<ReceiveFigures> {
  const home = await tmpHome();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const repo = await generateRepo(join(home, 'src'), FILES, FILE_BYTES);
    const servers = join(home, 'servers');
    await mkdir(servers);
    const key = await sshKeygen('ed25519');
    await writeFile(join(home, 'authorized_keys'), key.publicText);
    const sshd = await startSshd([`AuthorizedKeysFile ${join(home, 'authorized_keys')}`, 'StrictModes no', 'PermitRootLogin prohibit-password', ''].join('\n'));
    cleanups.push(() => sshd.stop());
    const cgi = await startGitCgi(servers);
    cleanups.push(() => cgi.stop());
    const daemon = await startDaemon();
    cleanups.push(() => daemon.stop());
    if ((await daemon.berthWithInput(key.publicText, 'ssh-keys:add', 'bench', '-')).exitCode !== 0) throw new Error('ssh-keys:add failed');
    const rss = rssSampler(daemon.pid);
    cleanups.push(async () => rss.stop());
    const idle = await rss.now();
    const figures: ReceiveFigures = { files: FILES, bytes: FILES * FILE_BYTES, gitHttpMs: [], berthHttpMs: [], gitSshMs: [], berthSshMs: [], berthSshdMs: [], daemonIdleRssMB: idle, daemonPeakRssMB: idle };
    const sshEnv = (port: number) => ({ GIT_SSH_COMMAND: gitSshCommand(key.private, port) });
    for (let r = 0; r < runs; r++) {
      const bare = async (name: string) => {
        await execa('git', ['init', '-q', '--bare', join(servers, name)]);
        return name;
      };
      figures.gitHttpMs.push(await push(repo, `http://127.0.0.1:${cgi.port}/${await bare(`h${r}.git`)}`));
      figures.berthHttpMs.push(await push(repo, daemon.gitUrl(await app(daemon, `rh${r}`))));
      figures.gitSshMs.push(await push(repo, `ssh://root@127.0.0.1:${sshd.port}${join(servers, await bare(`s${r}.git`))}`, sshEnv(sshd.port)));
      figures.berthSshMs.push(await push(repo, `ssh://git@127.0.0.1:${daemon.sshPort}/${await app(daemon, `rs${r}`)}`, sshEnv(daemon.sshPort)));
    }
    figures.daemonPeakRssMB = rss.peak();
    return figures;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error(`bench cleanup: ${String(err)}`));
    await rm(home, { recursive: true, force: true });
  }
}

async function app(daemon: TestDaemon, suffix: string): Promise<string> {
  const name = `recv-${Date.now().toString(36)}-${suffix}`;
  const res = await daemon.berth('apps:create', name);
  if (res.exitCode !== 0) throw new Error(`apps:create failed: ${res.stderr}`);
  return name;
}

/** Pushes HEAD to a branch no server deploys; milliseconds until git exits. */
async function push(repo: string, url: string, env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const res = await execa('git', ['push', '-q', url, 'HEAD:refs/heads/stored'], { cwd: repo, env, reject: false, stdin: 'ignore' });
  const ms = performance.now() - t0;
  if (res.exitCode !== 0) throw new Error(`push to ${url} failed: ${String(res.stderr)}`);
  return ms;
}

function rssSampler(pid: number) {
  let peak = 0;
  const now = async () => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1000;
  };
  const timer = setInterval(() => void now().then((mb) => (peak = Math.max(peak, mb)), () => undefined), 50);
  return { now, peak: () => peak, stop: () => clearInterval(timer) };
}
