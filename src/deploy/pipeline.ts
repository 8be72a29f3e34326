/**
 * The deploy pipeline: the one place that strings the stages together.
 * context → build → release → swap, under the app's lock, timed and recorded.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { build } from '../build/index.js';
import { streamContext } from '../context/index.js';
import { StageError, userMessage } from '../errors.js';
import { pathExists, type GitEnv } from '../git.js';
import { elapsed, type Output } from '../output.js';
import { paths } from '../paths.js';
import { inBackground, type Services } from '../services.js';
import type { Deploy, Phases } from '../store/deploys.js';
import { swap } from '../swap/index.js';
import { appUrl, appHosts } from './hosts.js';

export interface DeployRequest {
  app: string;
  rev: string;
  trigger: string;
  gitEnv: GitEnv;
  /** Runs once the lock is held, before any work; throws to refuse. */
  afterLock?: () => Promise<void>;
  /** The lock is kept until this settles (git updates the ref after the hook). */
  holdLockUntil?: () => Promise<void>;
  signal?: AbortSignal;
}

const LOCK_HANDOFF_LIMIT_MS = 60_000;

/**
 * Runs one deploy to the end; resolves with the record, rejects if it failed.
 * Failures have already been shown on `out` when it rejects.
 */
export async function runDeploy(req: DeployRequest, s: Services, out: Output): Promise<Deploy> {
  const started = Date.now();
  const release = await s.locks.acquire(req.app, {
    onWait: () => out.step(`waiting for the deploy of ${req.app} to finish`),
    signal: req.signal,
  });
  try {
    await req.afterLock?.().catch((err: unknown) => {
      out.error(userMessage(err));
      throw err;
    });
    return await deployLocked(req, s, out, Date.now() - started);
  } finally {
    void handOff(release, req.holdLockUntil);
  }
}

async function handOff(release: () => void, until?: () => Promise<void>): Promise<void> {
  if (until) await Promise.race([until().catch(() => undefined), new Promise((r) => setTimeout(r, LOCK_HANDOFF_LIMIT_MS))]);
  release();
}

async function deployLocked(req: DeployRequest, s: Services, out0: Output, waitedMs: number): Promise<Deploy> {
  const home = s.settings.home;
  const deploy = s.store.deploys.start(req.app, req.rev, req.trigger, (id) => paths.deployLog(home, req.app, id));
  await mkdir(paths.logs(home, req.app), { recursive: true });
  const logFile = createWriteStream(deploy.logPath, { flags: 'a' });
  const out = out0.tee((text) => logFile.write(text));
  const phases: Phases = { receive: waitedMs };
  const ctx = { app: req.app, deploy: deploy.id };
  s.log({ event: 'deploy-started', ...ctx, rev: req.rev, trigger: req.trigger });
  try {
    out.step(`receive: ${req.app} at ${req.rev.slice(0, 7)} (deploy ${deploy.id}, ${req.trigger})`);
    out.step(`receive done in ${elapsed(waitedMs)}`);
    const image = await phase('build', phases, out, () => buildImage(req, s, out, deploy.id), req.signal);
    await phase('release', phases, out, async () => out.detail('no release tasks'), req.signal);
    await phase('deploy', phases, out, () =>
      swap(
        { app: req.app, deployId: deploy.id, image, instance: s.store.instance, env: {}, hosts: appHosts(req.app, s.settings.domain), formation: { web: 1 } },
        {
          docker: s.docker,
          router: s.router,
          out,
          log: (e) => s.log({ ...ctx, ...e }),
          readyTimeoutMs: s.settings.readyTimeout * 1000,
          drainTimeoutMs: s.settings.drainTimeout * 1000,
          background: (what, work) => inBackground(s, what, work),
          signal: req.signal,
        },
      ),
      req.signal,
    );
    s.store.deploys.finish(deploy.id, { status: 'succeeded', image, phases });
    out.heading(`Application deployed: ${appUrl(req.app, s.settings.domain, s.ports.router)}`);
    s.log({ event: 'deploy-succeeded', ...ctx, phases });
    return s.store.deploys.get(deploy.id) as Deploy;
  } catch (err) {
    const message = userMessage(err);
    s.store.deploys.finish(deploy.id, { status: 'failed', phases, error: message });
    s.log({ event: 'deploy-failed', ...ctx, stage: err instanceof StageError ? err.stage : undefined, error: String(err) });
    out.error(`deploy failed: ${message}`);
    throw err;
  } finally {
    logFile.end();
  }
}

async function phase<T>(name: string, phases: Phases, out: Output, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  const t0 = Date.now();
  out.step(`${name}`);
  let ok = false;
  try {
    const result = await work();
    ok = true;
    return result;
  } finally {
    phases[name] = Date.now() - t0;
    out.step(`${name} ${ok ? 'done in' : 'failed after'} ${elapsed(phases[name])}`);
  }
}

async function buildImage(req: DeployRequest, s: Services, out: Output, deployId: number): Promise<string> {
  const repo = paths.repo(s.settings.home, req.app);
  if (!(await pathExists(repo, req.rev, 'Dockerfile', req.gitEnv))) {
    throw new StageError('build', `no Dockerfile at the root of ${req.rev.slice(0, 7)}; berth builds Dockerfile apps`);
  }
  out.detail('builder: dockerfile');
  const context = streamContext({ repo, rev: req.rev, gitEnv: req.gitEnv }, req.signal);
  const image = await build({ app: req.app, deployId, rev: req.rev, instance: s.store.instance, context }, { docker: s.docker, out });
  return image.tag;
}
