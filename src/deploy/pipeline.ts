/**
 * The deploy pipeline: the one place that strings the stages together.
 * context → build → release → swap → postdeploy, under the app's lock,
 * timed and recorded. Every trigger (a push, a restart, a rebuild) runs it.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { StageError, UserError, userMessage } from '../errors.js';
import type { GitEnv } from '../git.js';
import { elapsed, type Output } from '../output.js';
import { imageRepo, imageTag } from '../labels.js';
import { paths } from '../paths.js';
import { readAppFiles } from '../release/app-files.js';
import { runTask } from '../release/tasks.js';
import { inBackground, type Services } from '../services.js';
import type { Deploy, Phases } from '../store/deploys.js';
import { swap } from '../swap/index.js';
import { planProcesses, swapSettings } from '../swap/plan.js';
import { buildFromGit } from './build-step.js';
import { appHosts, appUrl } from './hosts.js';
import { pruneImages } from './retention.js';

/** Where the image comes from: a revision to build, or an image already built. */
export type DeploySource = { kind: 'git'; rev: string; gitEnv: GitEnv } | { kind: 'image'; rev: string; image: string };

export interface DeployRequest {
  app: string;
  source: DeploySource;
  trigger: string;
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
    const checks = async () => {
      if (s.store.settings.get(req.app, 'apps.locked') === '1') throw new UserError(`app ${req.app} is locked; run apps:unlock ${req.app} to deploy`);
      await req.afterLock?.();
    };
    await checks().catch((err: unknown) => {
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
  const rev = req.source.rev;
  const deploy = s.store.deploys.start(req.app, rev, req.trigger, (id) => paths.deployLog(home, req.app, id));
  await mkdir(paths.logs(home, req.app), { recursive: true });
  const logFile = createWriteStream(deploy.logPath, { flags: 'a' });
  const out = out0.tee((text) => logFile.write(text));
  const phases: Phases = { receive: waitedMs };
  const ctx = { app: req.app, deploy: deploy.id };
  const env = () => ({ ...s.store.config.env(req.app), GIT_REV: rev, SOURCE_VERSION: rev });
  s.log({ event: 'deploy-started', ...ctx, rev, trigger: req.trigger });
  let image: string | undefined;
  let swapped = false;
  try {
    out.step(`receive: ${req.app} at ${rev.slice(0, 7)} (deploy ${deploy.id}, ${req.trigger})`);
    out.step(`receive done in ${elapsed(waitedMs)}`);
    const built = await phase('build', phases, out, () => buildImage(req, s, out, deploy.id, env()), req.signal);
    image = built;
    const files = await phase('release', phases, out, () => release(req, s, out, deploy.id, built, env()), req.signal);
    const settings = swapSettings(s.store.settings.withPrefix(req.app, ''), { waitToRetire: s.settings.drainTimeout });
    await phase(
      'deploy',
      phases,
      out,
      () =>
        swap(
          { app: req.app, deployId: deploy.id, image: built, instance: s.store.instance, env: env(), hosts: appHosts(s, req.app), processes: planProcesses(files, settings), settings, herokuish: files.herokuish },
          {
            docker: s.docker,
            router: s.router,
            out,
            log: (e) => s.log({ ...ctx, ...e }),
            readyTimeoutMs: s.settings.readyTimeout * 1000,
            background: (what, work) => inBackground(s, what, work),
            signal: req.signal,
          },
        ),
      req.signal,
    );
    swapped = true;
    s.store.apps.setCurrentDeploy(req.app, deploy.id);
    const number = s.store.deploys.markReleased(deploy.id, s.store.config.all(req.app), files.herokuish ? 'herokuish' : 'dockerfile');
    out.step(`release v${number} is live`);
    out.heading(`Application deployed: ${appUrl(s, req.app)}`);
    if (files.appJson.postdeploy) {
      await phase('postdeploy', phases, out, () =>
        runTask(
          { app: req.app, deployId: deploy.id, instance: s.store.instance, image: built, env: env(), name: 'postdeploy', command: files.appJson.postdeploy as string, herokuish: files.herokuish },
          { docker: s.docker, out },
        ),
      );
    }
    s.store.deploys.finish(deploy.id, { status: 'succeeded', image, phases });
    s.log({ event: 'deploy-succeeded', ...ctx, phases });
    inBackground(s, `prune images of ${req.app}`, pruneImages(s, req.app));
    return s.store.deploys.get(deploy.id) as Deploy;
  } catch (err) {
    const message = userMessage(err);
    s.store.deploys.finish(deploy.id, { status: 'failed', image, phases, error: message });
    s.log({ event: 'deploy-failed', ...ctx, stage: err instanceof StageError ? err.stage : undefined, error: String(err) });
    out.error(`deploy failed: ${message}${swapped ? ' (the new release is serving)' : ''}`);
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

async function buildImage(req: DeployRequest, s: Services, out: Output, deployId: number, env: Record<string, string>): Promise<string> {
  if (req.source.kind === 'image') {
    out.detail(`using image ${req.source.image} (no build)`);
    if (req.source.image.startsWith(`${imageRepo(req.app)}:`)) return req.source.image;
    // A foreign image gets the app's own tag, so history and retention see it.
    await s.docker.tagImage(req.source.image, imageRepo(req.app), String(deployId));
    return imageTag(req.app, deployId);
  }
  return buildFromGit({ app: req.app, deployId, rev: req.source.rev, gitEnv: req.source.gitEnv, env, signal: req.signal }, s, out);
}

/** Reads the app's files from the image and runs predeploy, then the Procfile's release. */
async function release(req: DeployRequest, s: Services, out: Output, deployId: number, image: string, env: Record<string, string>) {
  const files = { ...(await readAppFiles(s.docker, image)), herokuish: (await s.docker.imageLabels(image))['berth.builder'] === 'herokuish' };
  const task = { app: req.app, deployId, instance: s.store.instance, image, env, herokuish: files.herokuish };
  const predeploy = files.appJson.predeploy;
  const releaseCommand = files.procfile.get('release');
  if (predeploy) await runTask({ ...task, name: 'predeploy', command: predeploy }, { docker: s.docker, out, signal: req.signal });
  if (releaseCommand) await runTask({ ...task, name: 'release', command: releaseCommand }, { docker: s.docker, out, signal: req.signal });
  if (!predeploy && !releaseCommand) out.detail('no release tasks');
  return files;
}
