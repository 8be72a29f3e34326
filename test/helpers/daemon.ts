import { execa, type ResultPromise } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Docker } from '../../src/docker.js';
import { routerFiles } from '../../src/router/index.js';
import { stop as stopRouter } from '../../src/router/process.js';
import { cleanupEngine } from './engine.js';
import { repoRoot } from './root.js';

export const CLI = join(repoRoot(), 'dist', 'src', 'cli.js');

export interface TestDaemon {
  home: string;
  instance: string;
  httpPort: number;
  sshPort: number;
  routerPort: number;
  routerTlsPort: number;
  /** `http://127.0.0.1:PORT/APP.git` */
  gitUrl(app: string): string;
  /** Runs `berth ARGS…` against this daemon; never throws. */
  berth(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** Same, with `input` on stdin. */
  berthWithInput(input: string, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** The daemon's JSON log lines so far. */
  logs(): string;
  /** SIGKILLs the daemon only: the router, containers and home stay (start again with `{ home }`). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `berth serve` from the built CLI with its own home and free ports.
 * `stop` kills it and removes every container, image and volume it made.
 */
export async function startDaemon(extraArgs: string[] = [], opts: { insecureHttp?: boolean; home?: string; env?: Record<string, string> } = {}): Promise<TestDaemon> {
  const home = opts.home ?? (await mkdtemp(join(tmpdir(), 'berth-test-')));
  let log = '';
  const child: ResultPromise = execa(
    'node',
    [
      CLI, 'serve', '--home', home, '--http-port', '0', '--ssh-port', '0', '--router-port', '0', '--router-tls-port', '0', '--ready-timeout', '15', '--drain-timeout', '10',
      ...(opts.insecureHttp === false ? [] : ['--insecure-http']),
      ...extraArgs,
    ],
    { reject: false, buffer: false, stdin: 'ignore', env: { ...opts.env, BERTH_HOME: home } },
  );
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolveReady, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`berth serve did not start within 30s; stdout: ${out}; log: ${log}`));
    }, 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('berth: serving')) {
        clearTimeout(timer);
        resolveReady();
      }
    });
    void child.then((res) => {
      clearTimeout(timer);
      reject(new Error(`berth serve exited early (${res.exitCode}): ${log}`));
    });
  });
  const info = JSON.parse(await readFile(join(home, 'daemon.json'), 'utf8')) as { instance: string; http: number; ssh: number; router: number; routerTls: number };
  return {
    home,
    instance: info.instance,
    httpPort: info.http,
    sshPort: info.ssh,
    routerPort: info.router,
    routerTlsPort: info.routerTls,
    gitUrl: (app) => `http://127.0.0.1:${info.http}/${app}.git`,
    berth: (...args) => runCli(home, undefined, args),
    berthWithInput: (input, ...args) => runCli(home, input, args),
    logs: () => log,
    kill: async () => {
      child.kill('SIGKILL');
      await child;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([child, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill('SIGKILL');
      // The router outlives the daemon by design; the test's home owns it.
      await stopRouter(routerFiles(home)).catch((err: unknown) => console.error(`stopping the router of ${home}: ${String(err)}`));
      await cleanupEngine(new Docker(), info.instance);
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function runCli(home: string, input: string | undefined, args: string[]) {
  const res = await execa('node', [CLI, ...args], {
    reject: false,
    timeout: 300_000,
    env: { BERTH_HOME: home },
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  if (res.timedOut) throw new Error(`berth ${args.join(' ')} timed out; stderr: ${String(res.stderr)}`);
  return { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr) };
}
