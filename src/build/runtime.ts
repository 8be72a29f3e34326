/**
 * Builder runtimes: everything that differs between images by how they were
 * built, in one place — how the image is built, how a process starts, how a
 * task runs. The runtime is chosen once per deploy (from the image's
 * `berth.builder` label) and handed on; nothing else asks "is this herokuish".
 */
import { LABEL, type Labels } from '../docker/labels.js';
import { buildDockerfile } from './dockerfile.js';
import { buildHerokuish } from './herokuish.js';
import type { BuildJob, BuildDeps } from './index.js';
import type { BuilderName } from './select.js';

export interface BuilderRuntime {
  readonly name: BuilderName;
  /** Builds the job's image; resolves with its id. Absent: this runtime only runs images built elsewhere. */
  build?(job: BuildJob, deps: BuildDeps): Promise<string>;
  /** A process container's Cmd; undefined keeps the image's own CMD. */
  processCmd(process: string, command: string | undefined): string[] | undefined;
  /** A task's (release, postdeploy, cron) Cmd for a shell command line. */
  taskCmd(command: string): string[];
  /** Whether a web process needs a CMD or Procfile web of the image's own to start. */
  readonly needsCommand: boolean;
  /** Whether builds use the app's cache volume (`repo:purge-cache`, `cache.last-used`). */
  readonly usesCache: boolean;
}

const shell = (command: string): string[] => ['/bin/sh', '-c', command];

/** Built from a Dockerfile: Procfile commands through /bin/sh, else the image's CMD. */
export const dockerfileRuntime: BuilderRuntime = {
  name: 'dockerfile',
  build: (job, deps) => buildDockerfile({ tag: job.tag, labels: job.labels, context: job.context, dockerfile: job.dockerfile, options: job.options, network: job.network }, deps),
  processCmd: (_process, command) => (command ? shell(command) : undefined),
  taskCmd: shell,
  needsCommand: true,
  usesCache: false,
};

/** Built by herokuish: every process starts with `/start PROCESS`, tasks run through `/exec`. */
export const herokuishRuntime: BuilderRuntime = {
  name: 'herokuish',
  build: (job, deps) =>
    buildHerokuish(
      { app: job.app, deployId: job.deployId, instance: job.instance, stack: job.stack, cacheVolume: job.cacheVolume, repo: job.repo, tag: job.tagName, env: job.env, labels: job.labels, context: job.context },
      deps,
    ),
  processCmd: (process) => ['/start', process],
  taskCmd: (command) => ['/exec', 'sh', '-c', command],
  needsCommand: false,
  usesCache: true,
};

/** An image berth did not build (git:from-image): it runs as a Dockerfile image does. */
export const nullRuntime: BuilderRuntime = {
  name: 'null',
  processCmd: dockerfileRuntime.processCmd,
  taskCmd: shell,
  needsCommand: true,
  usesCache: false,
};

const RUNTIMES: Record<BuilderName, BuilderRuntime> = { dockerfile: dockerfileRuntime, herokuish: herokuishRuntime, null: nullRuntime };

export function builderRuntime(name: BuilderName): BuilderRuntime {
  return RUNTIMES[name];
}

/**
 * The runtime of an image, from the labels berth gave it (labels.ts
 * imageLabels): a builder label names it, an app's image without one was
 * built from a Dockerfile, and an image berth did not build is `null`'s.
 */
export function runtimeOfImage(labels: Labels): BuilderRuntime {
  const name = labels[LABEL.builder];
  if (name === 'dockerfile' || name === 'herokuish') return RUNTIMES[name];
  return labels[LABEL.app] && labels[LABEL.instance] ? dockerfileRuntime : nullRuntime;
}
