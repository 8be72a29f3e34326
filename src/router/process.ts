/**
 * The haproxy process of one berth home: its files, whether it runs, and
 * starting, reloading and stopping it. It is its own process: nothing here
 * ties its life to the daemon's.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { checkConfig, makeSelfSigned, startHaproxy } from './haproxy.js';
import { NOT_FOUND_PAGE } from './pages.js';
import type { RouterFiles } from './config.js';
import { answers, ask, parseInfo } from './runtime.js';

export function routerFiles(home: string): RouterFiles {
  const dir = join(home, 'router');
  return {
    dir,
    config: join(dir, 'haproxy.cfg'),
    pid: join(dir, 'haproxy.pid'),
    adminSocket: join(dir, 'admin.sock'),
    masterSocket: join(dir, 'master.sock'),
    hostsMap: join(dir, 'hosts.map'),
    redirectMap: join(dir, 'redirect.map'),
    crtList: join(dir, 'crt-list'),
    certsDir: join(dir, 'certs'),
    defaultCert: join(dir, 'default.pem'),
    notFoundPage: join(dir, '404.html'),
  };
}

/** The directory (0700), the 404 page and a self-signed default certificate. */
export async function ensureBaseFiles(f: RouterFiles): Promise<void> {
  await mkdir(f.certsDir, { recursive: true, mode: 0o700 });
  await chmod(f.dir, 0o700);
  await writeFile(f.notFoundPage, NOT_FOUND_PAGE);
  if (!(await exists(f.defaultCert))) {
    const key = `${f.defaultCert}.key.tmp`;
    const crt = `${f.defaultCert}.crt.tmp`;
    await makeSelfSigned(key, crt);
    await writeFile(`${f.defaultCert}.tmp`, `${await readFile(crt, 'utf8')}${await readFile(key, 'utf8')}`, { mode: 0o600 });
    await rename(`${f.defaultCert}.tmp`, f.defaultCert);
    await Promise.all([key, crt].map((p) => rm(p, { force: true })));
  }
}

/** Writes `text` to `path` through a temp file and a rename, so readers never see half a file. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** Checks a config with `haproxy -c` and only then puts it in place: a bad config never replaces a good one. */
export async function installConfig(f: RouterFiles, text: string): Promise<void> {
  const next = `${f.config}.next`;
  await writeFile(next, text, { mode: 0o600 });
  await checkConfig(next);
  await rename(next, f.config);
}

/** The master's pid when the pidfile names a live process. */
export async function masterPid(f: RouterFiles): Promise<number | undefined> {
  const pid = Number((await readFile(f.pid, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Runs when its master lives and its admin socket answers. */
export async function isRunning(f: RouterFiles): Promise<boolean> {
  return (await masterPid(f)) !== undefined && (await answers(f.adminSocket));
}

/** The worker's pid, from `show info` on the admin socket. */
export async function workerPid(f: RouterFiles): Promise<string | undefined> {
  try {
    return parseInfo(await ask(f.adminSocket, 'show info', { timeoutMs: 3000 })).Pid;
  } catch {
    return undefined;
  }
}

export async function start(f: RouterFiles): Promise<void> {
  await startHaproxy(f);
  await until(() => answers(f.adminSocket), 10_000, 'haproxy did not answer on its admin socket after starting');
}

/**
 * A seamless reload: the master starts a new worker from the (checked)
 * config, handing it the listening sockets; the old worker finishes its
 * connections. Resolves once the new worker answers.
 */
export async function reload(f: RouterFiles): Promise<void> {
  const before = await workerPid(f);
  await ask(f.masterSocket, 'reload');
  await until(async () => {
    const now = await workerPid(f);
    return now !== undefined && now !== before;
  }, 15_000, 'haproxy did not come back after a reload');
}

/** Stops the router of this home; resolves once its master has exited. */
export async function stop(f: RouterFiles): Promise<boolean> {
  const pid = await masterPid(f);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  await until(async () => (await masterPid(f)) === undefined, 10_000, `haproxy (pid ${pid}) did not stop`);
  return true;
}

/** A free TCP port on `host`, for a port setting of 0. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(test: () => Promise<boolean>, ms: number, failure: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new UserError(failure);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
