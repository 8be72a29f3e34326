/**
 * Which images an app may build from, use as its buildpack stack, or deploy:
 * public and base images, and its own — never another app's, nor another
 * berth home's. An image is berth's when its labels say so or one of its
 * tags is in a berth repository; the labels stay with every image built
 * from it, so a copy made elsewhere is still recognised.
 */
import type { Docker, ImageFacts } from '../docker.js';
import { imageRepo, imageTagOwner, LABEL } from '../docker/labels.js';
import { dockerfileImages } from './dockerfile-refs.js';

export type ImageUse = 'from' | 'stack' | 'deploy';

export interface AppRef {
  instance: string;
  app: string;
}

const WHAT: Record<ImageUse, string> = { from: 'the Dockerfile image', stack: 'the buildpack stack', deploy: 'the image' };

/** Why `app` may not use `ref` (resolved to `facts`) for `use`; undefined when it may. */
export function imageRefusal(ref: string, facts: ImageFacts, who: AppRef, use: ImageUse): string | undefined {
  const what = `${WHAT[use]} ${ref.slice(0, 120)}`;
  if (namesById(ref, facts)) return `${what} names an image by its id: name it by repository and tag`;
  const labelled = Boolean(facts.labels[LABEL.app] ?? facts.labels[LABEL.instance]);
  const tagOwners = facts.repoTags.flatMap((t) => imageTagOwner(t) ?? []);
  if (use === 'stack') {
    return labelled || tagOwners.length ? `${what} is an app image berth built, not a builder: choose a buildpack stack image` : undefined;
  }
  if (!labelled && !tagOwners.length) return undefined;
  const ownTag = facts.repoTags.some((t) => t.startsWith(`${imageRepo(who.instance, who.app)}:`));
  const ownLabels = facts.labels[LABEL.instance] === who.instance && facts.labels[LABEL.app] === who.app;
  if (ownTag || ownLabels) return undefined;
  const home = facts.labels[LABEL.instance] ?? tagOwners[0]?.instance;
  return home && home !== who.instance ? `${what} belongs to another berth home` : `${what} belongs to another app`;
}

// Docker resolves a bare hex string as an image id prefix, which reaches
// untagged build layers of any app: berth only accepts names.
function namesById(ref: string, facts: ImageFacts): boolean {
  const hex = ref.replace(/^sha256:/, '');
  if (!/^[0-9a-f]+$/.test(hex)) return false;
  const byName = facts.repoTags.some((t) => t === ref || t === `${ref}:latest`);
  return !byName && facts.id.replace(/^sha256:/, '').startsWith(hex);
}

/** Why `app` may not use image `ref`, or undefined; an image not on the engine passes (nothing to give away). */
export async function imageProblem(docker: Docker, ref: string, who: AppRef, use: ImageUse): Promise<string | undefined> {
  const facts = await docker.imageFacts(ref);
  return facts && imageRefusal(ref, facts, who, use);
}

/** The same for every image a Dockerfile names (FROM, COPY --from), before Docker builds it. */
export async function dockerfileProblem(docker: Docker, dockerfile: string, buildargs: Record<string, string>, who: AppRef): Promise<string | undefined> {
  let refs: string[];
  try {
    refs = dockerfileImages(dockerfile, buildargs);
  } catch (err) {
    return (err as Error).message;
  }
  for (const ref of refs) {
    const problem = await imageProblem(docker, ref, who, 'from');
    if (problem) return problem;
  }
  return undefined;
}
