/**
 * The build stage: a build context in, a tagged image out. Only the
 * Dockerfile builder exists so far; it streams the context into Docker's
 * build API and shows the build output line by line.
 */
import type { Docker } from '../docker.js';
import { StageError } from '../errors.js';
import type { Output } from '../output.js';
import type { BuildContext } from '../context/index.js';
import { imageLabels, imageTag } from '../labels.js';

export interface BuildInput {
  app: string;
  deployId: number;
  rev: string;
  instance: string;
  context: BuildContext;
  dockerfile?: string;
}

export interface BuiltImage {
  tag: string;
  id: string;
}

export async function build(input: BuildInput, deps: { docker: Docker; out: Output }): Promise<BuiltImage> {
  const tag = imageTag(input.app, input.deployId);
  const labels = imageLabels(input.instance, input.app, input.deployId, input.rev);
  let id: string;
  try {
    id = await deps.docker.build(input.context.tar, { tag, labels, dockerfile: input.dockerfile }, (line) => deps.out.detail(line));
  } catch (err) {
    // A context that failed explains a build failure better than Docker can.
    await input.context.done;
    throw err instanceof StageError ? err : new StageError('build', `the image build failed: ${String(err)}`, { cause: err });
  }
  await input.context.done;
  return { tag, id };
}
