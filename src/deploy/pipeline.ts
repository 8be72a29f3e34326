/**
 * The deploy pipeline: the one place that strings the stages together.
 * context → build → release → swap → postdeploy, under the app's lock,
 * timed and recorded. Every trigger (a push, a restart, a rebuild) runs it.
 * What to do is decided first, as a value (deploy/plan.ts); the pipeline
 * applies it, and reaches containers only through the app's scheduler.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Principal } from '../access/principal.js';
import { ExitError, StageError, UserError, userMessage } from '../core/errors.js';
import type { GitEnv } from '../git.js';
import { elapsed, type Output } from '../core/output.js';
import { ensureAppNetwork } from '../apps/network.js';
import { checkEnvSize } from '../apps/env-limits.js';
import { deployLabels, imageRepo, imageTagName } from '../docker/labels.js';
import { paths } from '../core/paths.js';
import { readAppFiles } from '../release/app-files.js';
import { appRuntime } from '../runtime/index.js';
import { attachPostCreate, attachPostDeploy } from '../runtime/deploy.js';
import type { Services } from '../core/services.js';
import type { Deploy, Phases } from '../store/deploys.js';
import { SETTING } from '../store/setting-keys.js';
import { checkSchedulerName, schedulerFor } from '../scheduler/index.js';
import type { Instance, Scheduler, Workload } from '../scheduler/types.js';
import { buildFromGit } from './build-step.js';
import { readDeployFacts } from './facts.js';
import { planDeploy, planRelease, type DeployPlan, type ReleasePlan } from './plan.js';
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
    const plan = planDeploy(readDeployFacts(s, { app: req.app, rev: req.source.rev, config: req.config }));
    await refuseEarly(req, plan, s).catch((err: unknown) => {
      out.error(userMessage(err));
      throw new ExitError(1, { cause: err });
    });
    const deploy = await deployLocked(req, plan, s, out, Date.now() - started);
    await req.afterDeploy?.();
    await pruneImages(s, req.app, plan.retention.keep).catch((err: unknown) => s.log({ event: 'prune-failed', app: req.app, error: String(err) }));
    return deploy;
  } finally {
    void handOff(release, req.holdLockUntil);
  }
}

// Whatever stops a deploy before it starts leaves no deploy row.
async function refuseEarly(req: DeployRequest, plan: DeployPlan, s: Services): Promise<void> {
  if (plan.locked) throw new UserError(`app ${req.app} is locked; run apps:unlock ${req.app} to deploy`);
  checkSchedulerName(plan.scheduler);
  await req.afterLock?.();
  // With the engine away nothing could run: say so before anything is recorded.
  await s.docker.ping();
  await requireFreeSpace(s.settings.home);
}

async function handOff(release: () => void, until?: () => Promise<void>): Promise<void> {
  if (until) await Promise.race([until().catch(() => undefined), new Promise((r) => setTimeout(r, LOCK_HANDOFF_LIMIT_MS).unref())]);
  release();
}

/** The built image and what all its containers share; the builder runtime comes with the release plan. */
type Built = Omit<Workload, 'builder'>;

/** One deploy's record, log and timings while it runs. */
interface Run {
  req: DeployRequest;
  plan: DeployPlan;
  deploy: Deploy;
  out: Output;
  phases: Phases;
  scheduler: Scheduler;
  log: (e: Record<string, unknown>) => void;
  image?: string;
  swapped: boolean;
}

async function deployLocked(req: DeployRequest, plan: DeployPlan, s: Services, out0: Output, waitedMs: number): Promise<Deploy> {
  const deploy = s.store.deploys.start(req.app, plan.rev, req.trigger, (id) => paths.deployLog(s.settings.home, req.app, id));
  const logFile = await openLog(s, deploy);
  const out = out0.tee((text) => {
    if (!logFile.writableEnded && !logFile.destroyed) logFile.write(text);
  });
  const ctx = { app: req.app, deploy: deploy.id };
  const run: Run = { req, plan, deploy, out, phases: { receive: waitedMs }, scheduler: schedulerFor(s, req.app), log: (e) => s.log({ ...ctx, ...e }), swapped: false };
  run.log({ event: 'deploy-started', rev: plan.rev, trigger: req.trigger });
  try {
    out.step(`receive: ${req.app} at ${plan.rev.slice(0, 7)} (deploy ${deploy.id}, ${req.trigger})`);
    out.step(`receive done in ${elapsed(waitedMs)}`);
    checkEnvSize(plan.env);
    await ensureAppNetwork(s.docker, s.store.instance, req.app);
    const workload = await phase(run, 'build', () => buildImage(run, s));
    const release = await phase(run, 'release', () => releaseTasks(run, s, workload));
    await phase(run, 'deploy', () => swapTo(run, s, workload, release));
    await goLive(run, s, release);
    await postdeploy(run, s, workload, release);
    return s.store.deploys.get(deploy.id) as Deploy;
  } catch (err) {
    recordFailure(run, s, err);
    throw new ExitError(1, { cause: err });
  } finally {
    logFile.end();
  }
}

async function openLog(s: Services, deploy: Deploy): Promise<WriteStream> {
  await mkdir(paths.logs(s.settings.home, deploy.app), { recursive: true });
  const logFile = createWriteStream(deploy.logPath, { flags: 'a' });
  // A full disk must cost the log, not the daemon.
  logFile.on('error', (err) => s.log({ event: 'deploy-log-error', app: deploy.app, deploy: deploy.id, error: err.message }));
  return logFile;
}

function recordFailure(run: Run, s: Services, err: unknown): void {
  const message = userMessage(err);
  // On a full disk even this write can fail; the record is then failed at the next start.
  try {
    s.store.deploys.finish(run.deploy.id, { status: 'failed', image: run.image, phases: run.phases, error: message });
  } catch (e) {
    run.log({ event: 'deploy-record-failed', error: String(e) });
  }
  run.log({ event: 'deploy-failed', stage: err instanceof StageError ? err.stage : undefined, error: String(err) });
  run.out.error(`deploy failed: ${message}${run.swapped ? ' (the new release is serving)' : ''}`);
}

async function phase<T>(run: Run, name: string, work: () => Promise<T>): Promise<T> {
  run.req.signal?.throwIfAborted();
  const t0 = Date.now();
  run.out.step(`${name}`);
  let ok = false;
  try {
    const result = await work();
    ok = true;
    return result;
  } finally {
    run.phases[name] = Date.now() - t0;
    run.out.step(`${name} ${ok ? 'done in' : 'failed after'} ${elapsed(run.phases[name])}`);
  }
}

/** The build stage: the image to deploy, as the scheduler will run it (builder runtime decided after the files are read). */
async function buildImage(run: Run, s: Services): Promise<Built> {
  const { req, plan, out } = run;
  const tag = await imageOf(run, s);
  run.image = tag;
  const image = await run.scheduler.prepareImage({ tag }, { out, signal: req.signal });
  return { app: req.app, deployId: run.deploy.id, image, env: plan.env, runtime: appRuntime(s, req.app, 'deploy') };
}

async function imageOf(run: Run, s: Services): Promise<string> {
  const { req, out } = run;
  if (req.source.kind === 'image') {
    out.detail(`using image ${req.source.image} (no build)`);
    const repo = imageRepo(s.store.instance, req.app);
    if (req.source.image.startsWith(`${repo}:`)) return req.source.image;
    // A foreign image gets the app's own (unguessable) tag, so history and retention see it.
    const tag = imageTagName(run.deploy.id, randomBytes(8).toString('hex'));
    await s.docker.tagImage(req.source.image, repo, tag);
    return `${repo}:${tag}`;
  }
  const built = await buildFromGit({ app: req.app, deployId: run.deploy.id, rev: req.source.rev, gitEnv: req.source.gitEnv, env: run.plan.env, settings: run.plan.build, signal: req.signal, principal: req.principal }, s, out);
  if (built.runtime.usesCache) s.store.settings.set(req.app, SETTING.cacheLastUsed, new Date().toISOString());
  return built.tag;
}

/** Reads the app's files from the image, plans the release, and runs predeploy, then the Procfile's release. */
async function releaseTasks(run: Run, s: Services, workload: Built): Promise<ReleasePlan> {
  // Labelled as the deploy's, so a daemon that dies meanwhile finds it at start.
  const files = await readAppFiles(s.docker, workload.image.tag, deployLabels(s.store.instance, run.req.app, run.deploy.id));
  const release = planRelease(run.plan, files);
  for (const task of release.tasks) await run.scheduler.runTask({ ...workload, builder: release.builder, ...task }, { out: run.out, signal: run.req.signal });
  if (!release.tasks.length) run.out.detail('no release tasks');
  return release;
}

/**
 * Starts the new release and proves it ready, switches traffic to it, and
 * keeps the old release up (not routed) through the uptime window: if a new
 * container exits or restarts inside it, traffic goes back to the old one
 * at once and the deploy fails. Only then is the old release retired.
 */
async function swapTo(run: Run, s: Services, built: Built, release: ReleasePlan): Promise<void> {
  const { plan, out, scheduler } = run;
  const io = { out, signal: run.req.signal };
  out.detail(`web listens on container port ${release.webPort} (${release.webPortSource})`);
  const serving = (await scheduler.list(plan.app)).filter((i) => i.deployId !== run.deploy.id && i.endpoint);
  const instances = await scheduler.startRelease(
    { ...built, builder: release.builder, processes: release.processes, settings: plan.swap, webPort: release.webPort, afterCreate: attachPostCreate(s, run.req.app) },
    io,
  );
  const watched = instances.filter((i) => release.processes.find((p) => p.process === i.process)?.checks === 'default');
  // With nothing serving to go back to, the window passes before the switch, as it always did.
  if (!serving.length) await scheduler.watch(watched, plan.swap.checksWait, io).catch((err: unknown) => removeAndThrow(run, instances, err));
  await routeTo(run, instances, serving);
  if (serving.length) await scheduler.watch(watched, plan.swap.checksWait, io).catch((err: unknown) => switchBack(run, serving, instances, err));
  await scheduler.retireOthers(plan.app, run.deploy.id, plan.swap, io);
}

// The release being replaced stays behind it as the router's backup until the uptime window ends.
async function routeTo(run: Run, instances: Instance[], fallback: Instance[]): Promise<void> {
  const ready = performance.now();
  await run.scheduler.route(run.plan.app, run.plan.hosts, instances, fallback);
  const web = instances.filter((i) => i.endpoint);
  run.out.step(`routed ${web.length} web container(s)`);
  run.log({ event: 'routed', stage: 'deploy', upstreams: web.map((i) => i.endpoint), readyToRoutedMs: performance.now() - ready });
}

// The old release never stopped: it takes the traffic back before anything else.
async function switchBack(run: Run, serving: Instance[], failed: Instance[], err: unknown): Promise<never> {
  await run.scheduler.route(run.plan.app, run.plan.hosts, serving);
  const release = run.plan.currentRelease === undefined ? 'the previous release' : `release v${run.plan.currentRelease}`;
  run.out.error(`${userMessage(err)}: traffic switched back to ${release}`);
  run.log({ event: 'switched-back', stage: 'deploy', error: String(err) });
  return removeAndThrow(run, failed, new StageError('deploy', `${userMessage(err)}; switched back to ${release}`, { cause: err }));
}

async function removeAndThrow(run: Run, instances: Instance[], err: unknown): Promise<never> {
  await run.scheduler.remove(instances, { out: run.out });
  throw err;
}

/** The new release serves: record it as the app's current one. */
async function goLive(run: Run, s: Services, release: ReleasePlan): Promise<void> {
  const { req, plan, out, deploy } = run;
  run.swapped = true;
  await attachPostDeploy(s, req.app, deploy.id, out);
  s.store.apps.setCurrentDeploy(req.app, deploy.id);
  s.store.settings.set(req.app, SETTING.cronEntries, JSON.stringify(release.cron));
  if (plan.replaceConfig) replaceConfig(s, req.app, plan.config);
  const number = s.store.deploys.markReleased(deploy.id, plan.config, release.builder.name);
  out.step(`release v${number} is live`);
  out.heading(`Application deployed: ${plan.url}`);
}

// The release is live either way: a failed postdeploy marks the deploy
// failed (as Dokku does) but does not reject the push, so the branch names
// what serves.
async function postdeploy(run: Run, s: Services, workload: Built, release: ReleasePlan): Promise<void> {
  const { out, deploy } = run;
  const command = release.postdeploy;
  const failure = command
    ? await phase(run, 'postdeploy', () => run.scheduler.runTask({ ...workload, builder: release.builder, name: 'postdeploy', command }, { out })).then(() => undefined, (err: unknown) => err)
    : undefined;
  s.store.deploys.finish(deploy.id, { status: failure ? 'failed' : 'succeeded', image: run.image, phases: run.phases, error: failure ? userMessage(failure) : undefined });
  if (failure) out.error(`deploy failed: ${userMessage(failure)} (the new release is serving)`);
  run.log({ event: failure ? 'postdeploy-failed' : 'deploy-succeeded', phases: run.phases });
}

function replaceConfig(s: Services, app: string, config: Record<string, string>): void {
  s.store.config.unset(app, Object.keys(s.store.config.all(app)));
  s.store.config.set(app, config);
}
