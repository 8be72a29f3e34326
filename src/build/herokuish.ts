/**
 * The herokuish contract: the stack image runs `/build` with the source in
 * /app, the app's cache volume at /cache (CACHE_PATH) and the app's config
 * as env; the container is then committed as the app image, started with
 * `/start PROCESS`.
 */
import type { ContainerSpec, Docker } from '../docker.js';
import { StageError } from '../errors.js';
import type { Output } from '../output.js';
import type { BuildContext } from '../context/index.js';
import { imageRepo } from '../labels.js';

export interface HerokuishInput {
  app: string;
  deployId: number;
  stack: string;
  cacheVolume: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  context: BuildContext;
}

export function herokuishBuildSpec(input: Omit<HerokuishInput, 'context'>): ContainerSpec {
  return {
    name: `berth.${input.app}.build.${input.deployId}`,
    Image: input.stack,
    Cmd: ['/build'],
    Env: Object.entries({ ...input.env, CACHE_PATH: '/cache', USER: 'herokuishuser' }).map(([k, v]) => `${k}=${v}`),
    Labels: input.labels,
    HostConfig: { Mounts: [{ Type: 'volume', Source: input.cacheVolume, Target: '/cache' }], RestartPolicy: { Name: 'no' } },
  };
}

export async function buildHerokuish(input: HerokuishInput, deps: { docker: Docker; out: Output; signal?: AbortSignal }): Promise<string> {
  if (!(await deps.docker.imageId(input.stack))) {
    throw new StageError('build', `the buildpack stack image ${input.stack} is not on this machine (buildpacks:set-property --global stack IMAGE)`);
  }
  await deps.docker.ensureVolume(input.cacheVolume, input.labels);
  let imageId = '';
  const code = await deps.docker.runToCompletion(herokuishBuildSpec(input), (line) => deps.out.detail(line), deps.signal, {
    beforeStart: (id) => deps.docker.putArchive(id, input.context.tar, '/app'),
    afterExit: async (id, exitCode) => {
      if (exitCode !== 0) return;
      imageId = await deps.docker.commit(id, { repo: imageRepo(input.app), tag: String(input.deployId), cmd: ['/start', 'web'], labels: input.labels, workdir: '/app' });
    },
  });
  if (code !== 0) input.context.cancel();
  else await input.context.done;
  if (code !== 0) throw new StageError('build', `the buildpack build (/build in ${input.stack}) exited with code ${code}`);
  return imageId;
}
