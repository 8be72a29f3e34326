/**
 * The build stage: a build context in, a tagged image out, by the builder
 * the app uses (dockerfile, herokuish, or null for image-only apps).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Docker } from '../docker.js';
import { StageError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import type { BuildContext } from '../context/index.js';
import { cacheVolumeName, imageLabels, imageRepo, imageTagName, networkName } from '../docker/labels.js';
import { dockerfileProblem, imageProblem } from './image-policy.js';
import { resolveBuildArgs, type DockerBuildOptions } from './options.js';
import type { BuilderRuntime } from './runtime.js';

export interface BuildInput {
  app: string;
  deployId: number;
  instance: string;
  /** The random part of the image's tag (see labels.ts imageTagName). */
  nonce: string;
  runtime: BuilderRuntime;
  context: BuildContext;
  dockerfile: string;
  /** The Dockerfile's text, for the images it names (dockerfile builder only). */
  dockerfileText?: string;
  options: DockerBuildOptions;
  stack: string;
  env: Record<string, string>;
}

export interface BuiltImage {
  tag: string;
  id: string;
}

/** A build's input with the names and labels of what it makes: what a runtime's `build` gets. */
export interface BuildJob extends BuildInput {
  repo: string;
  tagName: string;
  tag: string;
  labels: Record<string, string>;
  network: string;
  cacheVolume: string;
}

export interface BuildDeps {
  docker: Docker;
  out: Output;
  signal?: AbortSignal;
}

/** The names and labels a build gives its image (pure). */
export function buildJob(input: BuildInput): BuildJob {
  const [repo, tagName] = [imageRepo(input.instance, input.app), imageTagName(input.deployId, input.nonce)];
  const labels = imageLabels(input.instance, input.app, input.runtime.name);
  // `--build-arg NAME` takes its value from the app's config, as Dokku's does.
  const options = { ...input.options, buildargs: resolveBuildArgs(input.options, input.env) };
  return { ...input, options, repo, tagName, tag: `${repo}:${tagName}`, labels, network: networkName(input.instance, input.app), cacheVolume: cacheVolumeName(input.instance, input.app) };
}

export async function build(input: BuildInput, deps: BuildDeps): Promise<BuiltImage> {
  const job = buildJob(input);
  const runtime = input.runtime;
  if (!runtime.build) throw new StageError('build', `app ${input.app} uses the ${runtime.name} builder: deploy it from an image (git:from-image)`);
  deps.out.detail(`builder: ${runtime.name}`);
  let id: string;
  try {
    await checkImages(input, deps.docker);
    id = await runtime.build(job, deps);
  } catch (err) {
    // A context that failed explains a build failure better than the builder
    // can; one still being produced is stopped, since nothing reads it now.
    const settled = await Promise.race([input.context.done.then(() => 'ok', (e: unknown) => e), delay(2000, 'pending', { ref: false })]);
    if (settled === 'pending') input.context.cancel();
    else if (settled !== 'ok') throw settled;
    throw err instanceof StageError ? err : new StageError('build', `the image build failed: ${String(err)}`, { cause: err });
  }
  await input.context.done;
  return { tag: job.tag, id };
}

// An app builds from public/base images and its own, never another app's (see image-policy.ts).
async function checkImages(input: BuildInput, docker: Docker): Promise<void> {
  const who = { instance: input.instance, app: input.app };
  const problem =
    input.runtime.name === 'dockerfile'
      ? await dockerfileProblem(docker, input.dockerfileText ?? '', resolveBuildArgs(input.options, input.env), who)
      : await imageProblem(docker, input.stack, who, 'stack');
  if (problem) throw new StageError('build', problem);
}
