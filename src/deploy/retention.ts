import { imageRepo } from '../docker/labels.js';
import type { Services } from '../core/services.js';
import { SETTING } from '../store/setting-keys.js';

export const DEFAULT_KEEP = 5;

/** How many releases keep their images, for rollback (`releases:set APP keep K`). */
export function keepCount(s: Pick<Services, 'store'>, app: string): number {
  return Number(s.store.settings.get(app, SETTING.releasesKeep) ?? DEFAULT_KEEP);
}

/** Whether a release's image is still on the engine (pruneImages keeps the last K). */
export async function imageKept(s: Pick<Services, 'docker'>, image: string): Promise<boolean> {
  return Boolean(await s.docker.imageId(image));
}

/**
 * Removes the app's image tags that neither one of its last K releases nor
 * the serving deploy uses. An image still used by a container stays.
 */
export async function pruneImages(s: Services, app: string, keep = keepCount(s, app)): Promise<string[]> {
  const deploys = s.store.deploys.list(app);
  const releases = deploys.filter((d) => d.release !== null).sort((a, b) => (b.release as number) - (a.release as number));
  const current = s.store.apps.currentDeploy(app);
  const kept = new Set([...releases.slice(0, keep), ...deploys.filter((d) => d.id === current)].flatMap((d) => (d.image ? [d.image] : [])));
  const removed: string[] = [];
  // By name, not label: images from git:from-image carry no berth labels.
  for (const tag of await s.docker.listTags(imageRepo(s.store.instance, app))) {
    if (kept.has(tag)) continue;
    await s.docker.removeImage(tag).then(() => removed.push(tag), () => undefined);
  }
  if (removed.length) s.log({ event: 'images-pruned', app, removed });
  return removed;
}
