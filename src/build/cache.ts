/** The app's build cache: the herokuish cache volume, dangling build layers, when it was last used. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appLabels, cacheVolumeName } from '../docker/labels.js';
import type { Services } from '../core/services.js';
import { SETTING } from '../store/setting-keys.js';

export interface CacheFacts {
  /** The volume's name, '' when there is none. */
  volume: string;
  bytes: number;
  lastUsed: string;
}

export async function buildCache(s: Services, app: string): Promise<CacheFacts> {
  const volume = cacheVolumeName(s.store.instance, app);
  const exists = (await s.docker.listVolumes(appLabels(s.store.instance, app))).includes(volume);
  const bytes = exists ? ((await s.docker.volumeSizes())[volume] ?? 0) : 0;
  return { volume: exists ? volume : '', bytes, lastUsed: s.store.settings.get(app, SETTING.cacheLastUsed) ?? '' };
}

/** Removes the cache volume, dangling build images and any old on-disk cache; returns bytes freed. */
export async function purgeBuildCache(s: Services, app: string): Promise<number> {
  const labels = appLabels(s.store.instance, app);
  const volume = cacheVolumeName(s.store.instance, app);
  let freed = 0;
  if ((await s.docker.listVolumes(labels)).includes(volume)) {
    freed += (await s.docker.volumeSizes())[volume] ?? 0;
    await s.docker.removeVolume(volume);
  }
  for (const image of await s.docker.listDanglingImages(labels)) await s.docker.removeImage(image, true);
  // Older layouts kept caches on disk, where nothing ever cleaned them.
  await rm(join(s.settings.home, 'cache', app), { recursive: true, force: true });
  s.store.settings.unset(app, SETTING.cacheLastUsed);
  return freed;
}
