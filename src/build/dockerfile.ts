import type { Docker } from '../docker.js';
import type { Output } from '../core/output.js';
import type { BuildContext } from '../context/index.js';
import type { DockerBuildOptions } from './options.js';

/** Docker's build API fed the context stream, RUN steps on the app's network; output shown line by line. */
export function buildDockerfile(
  input: { tag: string; labels: Record<string, string>; context: BuildContext; dockerfile: string; options: DockerBuildOptions; network: string },
  deps: { docker: Docker; out: Output },
): Promise<string> {
  const { buildargs, labels, target, nocache } = input.options;
  return deps.docker.build(
    input.context.tar,
    { tag: input.tag, labels: { ...labels, ...input.labels }, dockerfile: input.dockerfile, buildargs, target, nocache, networkmode: input.network },
    (line) => deps.out.detail(line),
  );
}
