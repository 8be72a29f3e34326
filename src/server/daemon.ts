/**
 * `berth serve`: owns the state and the engine, and serves git over HTTP,
 * the router and the control socket. Everything else is a client.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { LOCAL } from '../access/principal.js';
import { dispatch } from '../commands/dispatch.js';
import type { ControlRequest } from '../control/protocol.js';
import { AppLocks } from '../deploy/lock.js';
import { appHosts, globalDomains } from '../deploy/hosts.js';
import { Docker } from '../docker.js';
import { jsonLog, type Log } from '../core/log.js';
import { paths } from '../core/paths.js';
import { installHooks } from '../hooks/install.js';
import { configureBare } from '../git.js';
import { checkRefUpdate, receivePush } from '../receive/index.js';
import { PushRegistry } from '../receive/pushes.js';
import { Router } from '../router/index.js';
import type { Services } from '../core/services.js';
import type { Settings } from '../core/settings.js';
import { openStore } from '../store/db.js';
import { SwarmRoutes } from '../scheduler/swarm/follow.js';
import { reconcile } from '../swap/reconcile.js';
import { CronScheduler } from '../cron/scheduler.js';
import { listenControl, type Channel } from './control.js';
import { watchEngine } from './engine-watch.js';
import { createGitHttpServer } from './http.js';
import { Challenges } from '../tls/challenges.js';
import { loadCertificates } from '../tls/manage.js';
import { startRenewals } from '../tls/renew.js';
import { listenSsh } from './ssh/index.js';
import { listenSshdBridge } from './sshd-bridge.js';

export interface Daemon {
  services: Services;
  close(): Promise<void>;
}

export async function startDaemon(settings: Settings, log: Log = jsonLog()): Promise<Daemon> {
  const { docker, store } = await openHome(settings, log);
  // The router is its own process: attached to if it runs for this home, else started; never stopped here.
  const router = await Router.open({ home: settings.home, bind: settings.bind, httpPort: settings.routerPort, httpsPort: settings.routerTlsPort, log });
  const ports = { http: 0, ssh: 0, router: router.ports.http, routerTls: router.ports.https };
  const s: Services = { settings, ports, store, docker, router, log, locks: new AppLocks(), pushes: new PushRegistry(), challenges: new Challenges(), background: new Set() };
  await router.retain(store.apps.list().map((a) => a.name));
  const reconcileDeps = { docker, router, store, log, hostsOf: (app: string) => appHosts({ store, settings }, app) };
  await reconcile(reconcileDeps);
  const engine = watchEngine(s, reconcileDeps);

  const http = await listenHttp(s);
  await router.setDaemonPort(ports.http);
  await router.setOwnHosts(globalDomains(s));
  // Certificates are files under the home; the router gets them again on every start.
  await loadCertificates(s);
  const stopRenewals = startRenewals(s);
  // Commands are taken only once the router is set up.
  const servers = [http, ...(await listenForCommands(s))];
  const cron = new CronScheduler(s);
  cron.start();
  // Apps on a swarm: the router follows their tasks as Swarm moves them.
  const swarmRoutes = new SwarmRoutes(s);
  swarmRoutes.start();
  await writeDaemonInfo(s);

  return {
    services: s,
    async close() {
      stopRenewals();
      cron.stop();
      await swarmRoutes.stop();
      await Promise.all([...servers.map(closeServer), router.close(), engine.stop()]);
      await Promise.allSettled([...s.background]);
      store.close();
    },
  };
}

/** The home's engine and database, with what a daemon that stopped left behind set right. */
async function openHome(settings: Settings, log: Log): Promise<Pick<Services, 'docker' | 'store'>> {
  await mkdir(settings.home, { recursive: true, mode: 0o700 });
  const docker = new Docker(settings.dockerSocket);
  await docker.ping();
  const store = openStore(paths.db(settings.home));
  const interrupted = store.deploys.failInterrupted();
  if (interrupted) log({ event: 'deploys-interrupted', count: interrupted });
  if (settings.insecureHttp) log({ event: 'warning', message: 'git over HTTP accepts unauthenticated pushes (--insecure-http); use it for tests only' });
  // Hooks point at this build of berth; refresh them in case it moved or changed.
  for (const app of store.apps.list()) {
    const repo = paths.repo(settings.home, app.name);
    await Promise.all([installHooks(repo, settings.socketPath), configureBare(repo)]).catch((err: unknown) => log({ event: 'repo-setup-failed', app: app.name, error: String(err) }));
  }
  return { docker, store };
}

/** A server the daemon listens with (node's, or ssh2's). */
interface Listening {
  close(cb: () => void): void;
  closeAllConnections?: () => void;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Git over HTTP (and berth's own HTTP endpoint, the ACME challenges); fills in its port. */
async function listenHttp(s: Services): Promise<Listening> {
  const http = createGitHttpServer(s);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(s.settings.httpPort, s.settings.bind, () => resolve());
  });
  s.ports.http = (http.address() as AddressInfo).port;
  return logErrors(s, 'http', http);
}

/** The control socket, SSH and the port-22 bridge; fills in the SSH port. */
async function listenForCommands(s: Services): Promise<Listening[]> {
  const { settings, ports, log } = s;
  const control = await listenControl(settings.socketPath, (req, ch) => handleControl(req, ch, s), log);
  const ssh = await listenSsh(s, settings.sshPort, settings.bind);
  ports.ssh = ssh.port;
  const bridge = settings.sshdUser ? await listenSshdBridge(s) : undefined;
  return [logErrors(s, 'control', control), logErrors(s, 'ssh', ssh.server), ...(bridge ? [logErrors(s, 'sshd-bridge', bridge)] : [])];
}

function logErrors(s: Services, name: string, server: Listening): Listening {
  server.on('error', (err: Error) => s.log({ event: 'server-error', server: name, error: err.message }));
  return server;
}

// Through a rename: scripts and tests poll for this file and must never read half of it.
async function writeDaemonInfo(s: Services): Promise<void> {
  const { settings, ports } = s;
  const info = paths.daemonInfo(settings.home);
  await writeFile(`${info}.tmp`, JSON.stringify({ pid: process.pid, instance: s.store.instance, bind: settings.bind, ...ports, socket: settings.socketPath }));
  await rename(`${info}.tmp`, info);
  s.log({ event: 'listening', bind: settings.bind, http: ports.http, ssh: ports.ssh, router: ports.router, routerTls: ports.routerTls, socket: settings.socketPath });
}

function handleControl(req: ControlRequest, ch: Channel, s: Services): Promise<number> {
  if (req.kind === 'receive') return receivePush(req, s, ch);
  if (req.kind === 'update') return Promise.resolve(checkRefUpdate(req, s, ch));
  // The control socket lives in the 0700 home: whoever reaches it is root or berth's own user.
  return dispatch(req.argv, s, { stdout: ch.stdout, stdoutBytes: ch.stdoutBytes, stderr: ch.stderr, tty: req.tty, signal: ch.signal, principal: LOCAL, readStdin: ch.readStdin, prompt: ch.prompt, cwd: req.cwd, attach: ch.attach });
}

function closeServer(server: Listening): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
