/**
 * The herokuish contract: the stack image runs `/build` with the source in
 * /app, the app's cache volume at /cache (CACHE_PATH) and the app's config
 * as env; the container is then committed as the app image, started with
 * `/start PROCESS`.
 *
 * The config must not end up in the image. A commit keeps the container's
 * Env (the Engine merges it into any config given to the commit), so the
 * build container gets none: the config is written to a file in an
 * anonymous volume, which a commit leaves out, and a fixed wrapper exports
 * it before exec'ing /build. The image's Env is the stack's own.
 */
import tar from 'tar-stream';
import type { ContainerSpec, Docker } from '../docker.js';
import { StageError } from '../core/errors.js';
import type { Output } from '../core/output.js';
import type { BuildContext } from '../context/index.js';
import { instanceLabels, networkName, taskContainerName } from '../docker/labels.js';

export interface HerokuishInput {
  app: string;
  deployId: number;
  instance: string;
  stack: string;
  cacheVolume: string;
  /** Where the image is committed. */
  repo: string;
  tag: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  context: BuildContext;
}

const ENV_DIR = '/tmp/berth-env';
const ENV_FILE = 'env';
/** Static text: it is recorded in the image's history, so it holds no value. */
export const BUILD_WRAPPER = `set -a; . ${ENV_DIR}/${ENV_FILE}; set +a; exec /build`;

export function herokuishBuildSpec(input: Omit<HerokuishInput, 'context' | 'env'>): ContainerSpec {
  return {
    name: taskContainerName(input.instance, input.app, 'build', input.deployId),
    Image: input.stack,
    Cmd: ['/bin/sh', '-c', BUILD_WRAPPER],
    Labels: input.labels,
    HostConfig: {
      NetworkMode: networkName(input.instance, input.app),
      Mounts: [
        { Type: 'volume', Source: input.cacheVolume, Target: '/cache' },
        { Type: 'volume', Source: '', Target: ENV_DIR, VolumeOptions: { NoCopy: false, Labels: instanceLabels(input.instance), DriverConfig: { Name: 'local', Options: {} } } },
      ],
      RestartPolicy: { Name: 'no' },
    },
  };
}

/** The build's environment as a POSIX shell file: `export K='v'` per line, quotes escaped. */
export function buildEnvFile(env: Record<string, string>): string {
  const all = { ...env, CACHE_PATH: '/cache', USER: 'herokuishuser' };
  return Object.entries(all)
    .map(([k, v]) => `export ${k}='${v.replaceAll("'", `'\\''`)}'\n`)
    .join('');
}

export async function buildHerokuish(input: HerokuishInput, deps: { docker: Docker; out: Output; signal?: AbortSignal }): Promise<string> {
  if (!(await deps.docker.imageId(input.stack))) {
    throw new StageError('build', `the buildpack stack image ${input.stack} is not on this machine (buildpacks:set-property --global stack IMAGE)`);
  }
  await deps.docker.ensureVolume(input.cacheVolume, input.labels);
  let imageId = '';
  const code = await deps.docker.runToCompletion(herokuishBuildSpec(input), (line) => deps.out.detail(line), deps.signal, {
    beforeStart: async (id) => {
      await deps.docker.putArchive(id, envArchive(buildEnvFile(input.env)), ENV_DIR);
      await deps.docker.putArchive(id, input.context.tar, '/app');
    },
    afterExit: async (id, exitCode) => {
      if (exitCode !== 0) return;
      imageId = await deps.docker.commit(id, { repo: input.repo, tag: input.tag, cmd: ['/start', 'web'], labels: input.labels, workdir: '/app' });
    },
  });
  if (code !== 0) input.context.cancel();
  else await input.context.done;
  if (code !== 0) throw new StageError('build', `the buildpack build (/build in ${input.stack}) exited with code ${code}`);
  return imageId;
}

function envArchive(text: string) {
  const pack = tar.pack();
  pack.entry({ name: ENV_FILE, mode: 0o644 }, text);
  pack.finalize();
  return pack;
}
