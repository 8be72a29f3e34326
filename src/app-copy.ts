/**
 * apps:rename and apps:clone: an app's records, repo and running release
 * under a new name. The build cache is never shared: a renamed app drops
 * its old volume, a clone starts with none.
 */
import { rename as move, rm } from 'node:fs/promises';
import { createApp, requireApp } from './apps.js';
import { cacheVolume } from './build/select.js';
import { runDeploy } from './deploy/pipeline.js';
import { currentDeploy, restartApp } from './deploy/redeploy.js';
import { UserError } from './errors.js';
import { mirrorRefs } from './git.js';
import { installHooks } from './hooks/install.js';
import { imageRepo, instanceLabels } from './labels.js';
import { validateAppName } from './names.js';
import type { Output } from './output.js';
import { paths } from './paths.js';
import type { Services } from './services.js';
import { storageStore } from './runtime/storage-access.js';

export async function renameApp(s: Services, from: string, to: string, out: Output): Promise<void> {
  requireApp(s, from);
  validateAppName(to);
  if (s.store.apps.get(to)) throw new UserError(`app ${to} already exists`);
  const release = await s.locks.acquire(from, { onWait: () => out.step(`waiting for the deploy of ${from} to finish`) });
  let old: { id: string }[] = [];
  try {
    old = await s.docker.listContainers({ ...instanceLabels(s.store.instance), 'berth.app': from });
    for (const image of await s.docker.listImages({ ...instanceLabels(s.store.instance), 'berth.app': from })) {
      for (const tag of image.tags.filter((t) => t.startsWith(`${imageRepo(from)}:`))) {
        await s.docker.tagImage(tag, imageRepo(to), tag.split(':')[1] as string);
        await s.docker.removeImage(tag);
      }
    }
    s.store.apps.rename(from, to);
    s.store.credentials.renameApp(from, to);
    storageStore(s).renameApp(from, to);
    await move(paths.repo(s.settings.home, from), paths.repo(s.settings.home, to));
    await installHooks(paths.repo(s.settings.home, to), s.settings.socketPath);
    await move(paths.logs(s.settings.home, from), paths.logs(s.settings.home, to)).catch(() => undefined);
    await s.docker.removeVolume(cacheVolume(from));
    s.router.removeRoute(from);
  } finally {
    release();
  }
  out.step(`Renamed ${from} to ${to}`);
  try {
    if (s.store.apps.currentDeploy(to) !== null) await restartApp(s, to, out, `rename from ${from}`);
  } finally {
    // The old name's containers serve no route any more, whether or not the new ones started.
    for (const c of old) await s.docker.removeContainer(c.id);
  }
}

export async function cloneApp(s: Services, from: string, to: string, opts: { skipDeploy: boolean; ignoreExisting: boolean }, out: Output): Promise<void> {
  requireApp(s, from);
  validateAppName(to);
  if (s.store.apps.get(to)) {
    if (opts.ignoreExisting) return out.step(`app ${to} already exists; nothing to clone`);
    throw new UserError(`app ${to} already exists`);
  }
  await createApp(s, to);
  try {
    await mirrorRefs(paths.repo(s.settings.home, to), paths.repo(s.settings.home, from));
    s.store.config.set(to, s.store.config.all(from));
    for (const [key, value] of Object.entries(s.store.settings.withPrefix(from, ''))) {
      if (!key.startsWith('cache.')) s.store.settings.set(to, key, value);
    }
  } catch (err) {
    await rm(paths.repo(s.settings.home, to), { recursive: true, force: true });
    s.store.apps.remove(to);
    throw err;
  }
  out.step(`Cloned ${from} to ${to}`);
  if (opts.skipDeploy || s.store.apps.currentDeploy(from) === null) return;
  const rev = currentDeploy(s, from).rev;
  await runDeploy({ app: to, source: { kind: 'git', rev, gitEnv: {} }, trigger: `clone of ${from}` }, s, out);
}
