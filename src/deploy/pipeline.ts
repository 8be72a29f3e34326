/**
 * The deploy pipeline: the one place that strings the stages together.
 * context → build → release → swap → postdeploy, under the app's lock,
 * timed and recorded. Every trigger (a push, a restart, a rebuild) runs it.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Principal } from '../access.js';
import { ExitError, StageError, UserError, userMessage } from '../errors.js';
import type { GitEnv } from '../git.js';
import { elapsed, type Output } from '../output.js';
import { ensureAppNetwork } from '../app-network.js';
import { checkEnvSize } from '../env-limits.js';
import { appLabels, imageRepo, imageTagName, LABEL } from '../labels.js';
import { paths } from '../paths.js';
import { readAppFiles } from '../release/app-files.js';
import { runTask } from '../release/tasks.js';
import { appRuntime } from '../runtime/index.js';
import { attachPostCreate, attachPostDeploy, resolveWebPort } from '../runtime/deploy.js';
import { inBackground, type Services } from '../services.js';
import { GLOBAL } from '../store/config.js';
import type { Deploy, Phases } from '../store/deploys.js';
import { swap } from '../swap/index.js';
import { planProcesses, swapSettings } from '../swap/plan.js';
import { buildFromGit } from './build-step.js';
import { appHosts, appUrl } from './hosts.js';
import { requireFreeSpace } from './disk.js';
import { pruneImages } from './retention.js';

/** Where the image comes from: a revision to build, or an image already built. */
export type DeploySource = { kind: 'git'; rev: string; gitEnv: GitEnv } | { kind: 'image'; rev: string; image: string };

export interface DeployRequest {
  app: string;
  source: DeploySource;
  trigger: string;
  /** Who asked for it: decides which sources the build may fetch (absent: network only, as a tenant). */
  principal?: Principal;
  /** Runs once the lock is held, before any work; throws to refuse. */
  afterLock?: () => Promise<void>;
  /** The lock is kept until this settles (git updates the ref after the hook). */
  holdLockUntil?: () => Promise<void>;
  /** Runs under the lock once the release is live (e.g. move the deploy branch). */
  afterDeploy?: () => Promise<void>;
  /** The app config to run with instead of the stored one (a rollback's); stored once live. */
  config?: Record<string, string>;
  signal?: AbortSignal;
}

const LOCK_HANDOFF_LIMIT_MS = 60_000;

/**
 * Runs one deploy to the end; resolves with the record, rejects if it failed.
 * A failure it has shown on `out` rejects with an ExitError, so no catcher
 * shows it again.
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
      // With the engine away nothing could run: say so before anything is recorded.
      await s.docker.ping();
      await requireFreeSpace(s.settings.home);
    };
    await checks().catch((err: unknown) => {
      out.error(userMessage(err));
      throw new ExitError(1, { cause: err });
    });
    const deploy = await deployLocked(req, s, out, Date.now() - started);
    await req.afterDeploy?.();
    await pruneImages(s, req.app).catch((err: unknown) => s.log({ event: 'prune-failed', app: req.app, error: String(err) }));
    return deploy;
  } finally {
    void handOff(release, req.holdLockUntil);
  }
}

async function handOff(release: () => void, until?: () => Promise<void>): Promise<void> {
  if (until) await Promise.race([until().catch(() => undefined), new Promise((r) => setTimeout(r, LOCK_HANDOFF_LIMIT_MS).unref())]);
  release();
}

async function deployLocked(req: DeployRequest, s: Services, out0: Output, waitedMs: number): Promise<Deploy> {
  const home = s.settings.home;
  const rev = req.source.rev;
  const deploy = s.store.deploys.start(req.app, rev, req.trigger, (id) => paths.deployLog(home, req.app, id));
  await mkdir(paths.logs(home, req.app), { recursive: true });
  const logFile = createWriteStream(deploy.logPath, { flags: 'a' });
  // A full disk must cost the log, not the daemon.
  logFile.on('error', (err) => s.log({ event: 'deploy-log-error', app: req.app, deploy: deploy.id, error: err.message }));
  const out = out0.tee((text) => {
    if (!logFile.writableEnded && !logFile.destroyed) logFile.write(text);
  });
  const phases: Phases = { receive: waitedMs };
  const ctx = { app: req.app, deploy: deploy.id };
  const appConfig = req.config ?? s.store.config.all(req.app);
  const env = () => ({ ...s.store.config.all(GLOBAL), ...appConfig, [s.store.settings.get(req.app, 'git.rev-env-var') ?? 'GIT_REV']: rev, SOURCE_VERSION: rev });
  s.log({ event: 'deploy-started', ...ctx, rev, trigger: req.trigger });
  let image: string | undefined;
  let swapped = false;
  try {
    out.step(`receive: ${req.app} at ${rev.slice(0, 7)} (deploy ${deploy.id}, ${req.trigger})`);
    out.step(`receive done in ${elapsed(waitedMs)}`);
    checkEnvSize(env());
    await ensureAppNetwork(s.docker, s.store.instance, req.app);
    const built = await phase('build', phases, out, () => buildImage(req, s, out, deploy.id, env()), req.signal);
    image = built;
    const files = await phase('release', phases, out, () => release(req, s, out, deploy.id, built, env()), req.signal);
    const settings = swapSettings(s.store.settings.effective(req.app, ''), { waitToRetire: s.settings.drainTimeout });
    const runtime = { runtime: appRuntime(s, req.app, 'deploy'), webPort: await resolveWebPort(s, req.app, built, out), afterCreate: attachPostCreate(s, req.app) };
    await phase(
      'deploy',
      phases,
      out,
      () =>
        swap(
          { app: req.app, deployId: deploy.id, image: built, instance: s.store.instance, env: env(), hosts: appHosts(s, req.app), processes: planProcesses(files, settings), settings, herokuish: files.herokuish, ...runtime },
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
    await attachPostDeploy(s, req.app, deploy.id, out);
    s.store.apps.setCurrentDeploy(req.app, deploy.id);
    s.store.settings.set(req.app, 'cron.entries', JSON.stringify(files.appJson.cron ?? []));
    if (req.config) replaceConfig(s, req.app, req.config);
    const number = s.store.deploys.markReleased(deploy.id, appConfig, files.herokuish ? 'herokuish' : 'dockerfile');
    out.step(`release v${number} is live`);
    out.heading(`Application deployed: ${appUrl(s, req.app)}`);
    const postdeploy = files.appJson.postdeploy;
    const failure = postdeploy
      ? await phase('postdeploy', phases, out, () =>
          runTask({ app: req.app, deployId: deploy.id, instance: s.store.instance, image: built, env: env(), name: 'postdeploy', command: postdeploy, herokuish: files.herokuish, runtime: appRuntime(s, req.app, 'deploy') }, { docker: s.docker, out }),
        ).then(() => undefined, (err: unknown) => err)
      : undefined;
    // The release is live either way: a failed postdeploy marks the deploy
    // failed (as Dokku does) but does not reject the push, so the branch
    // names what serves.
    s.store.deploys.finish(deploy.id, { status: failure ? 'failed' : 'succeeded', image, phases, error: failure ? userMessage(failure) : undefined });
    if (failure) out.error(`deploy failed: ${userMessage(failure)} (the new release is serving)`);
    s.log({ event: failure ? 'postdeploy-failed' : 'deploy-succeeded', ...ctx, phases });
    return s.store.deploys.get(deploy.id) as Deploy;
  } catch (err) {
    const message = userMessage(err);
    // On a full disk even this write can fail; the record is then failed at the next start.
    try {
      s.store.deploys.finish(deploy.id, { status: 'failed', image, phases, error: message });
    } catch (e) {
      s.log({ event: 'deploy-record-failed', ...ctx, error: String(e) });
    }
    s.log({ event: 'deploy-failed', ...ctx, stage: err instanceof StageError ? err.stage : undefined, error: String(err) });
    out.error(`deploy failed: ${message}${swapped ? ' (the new release is serving)' : ''}`);
    throw new ExitError(1, { cause: err });
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
    const repo = imageRepo(s.store.instance, req.app);
    if (req.source.image.startsWith(`${repo}:`)) return req.source.image;
    // A foreign image gets the app's own (unguessable) tag, so history and retention see it.
    const tag = imageTagName(deployId, randomBytes(8).toString('hex'));
    await s.docker.tagImage(req.source.image, repo, tag);
    return `${repo}:${tag}`;
  }
  return buildFromGit({ app: req.app, deployId, rev: req.source.rev, gitEnv: req.source.gitEnv, env, signal: req.signal, principal: req.principal }, s, out);
}

/** Reads the app's files from the image and runs predeploy, then the Procfile's release. */
async function release(req: DeployRequest, s: Services, out: Output, deployId: number, image: string, env: Record<string, string>) {
  // Labelled as the deploy's, so a daemon that dies meanwhile finds it at start.
  const files = await readAppFiles(s.docker, image, { ...appLabels(s.store.instance, req.app), [LABEL.deploy]: String(deployId) });
  // The engine would answer a raw 400 ("No command specified") at swap time.
  if (!files.herokuish && !files.hasCommand && !files.procfile.has('web')) {
    throw new StageError('release', 'the image has no command (CMD or ENTRYPOINT) and no Procfile web process: give it one of them');
  }
  const task = { app: req.app, deployId, instance: s.store.instance, image, env, herokuish: files.herokuish, runtime: appRuntime(s, req.app, 'deploy') };
  const predeploy = files.appJson.predeploy;
  const releaseCommand = files.procfile.get('release');
  if (predeploy) await runTask({ ...task, name: 'predeploy', command: predeploy }, { docker: s.docker, out, signal: req.signal });
  if (releaseCommand) await runTask({ ...task, name: 'release', command: releaseCommand }, { docker: s.docker, out, signal: req.signal });
  if (!predeploy && !releaseCommand) out.detail('no release tasks');
  return files;
}

function replaceConfig(s: Services, app: string, config: Record<string, string>): void {
  s.store.config.unset(app, Object.keys(s.store.config.all(app)));
  s.store.config.set(app, config);
}
