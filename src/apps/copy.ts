/**
 * apps:rename and apps:clone: an app's records, repo and running release
 * under a new name. The build cache is never shared: a renamed app drops
 * its old volume, a clone starts with none. Networks are per name: the
 * renamed app's containers start on a new one, the old one goes with them.
 */
import { rename as move, rm } from 'node:fs/promises';
import { checkDefaultAddressFree, createApp, requireApp } from './lifecycle.js';
import { runDeploy } from '../deploy/pipeline.js';
import { currentDeploy, restartApp } from '../deploy/redeploy.js';
import { UserError } from '../core/errors.js';
import { mirrorRefs } from '../git.js';
import { installHooks } from '../hooks/install.js';
import { removeAppNetworks } from './network.js';
import { appLabels, cacheVolumeName, imageRepo } from '../docker/labels.js';
import { validateAppName } from './names.js';
import type { Output } from '../core/output.js';
import { paths } from '../core/paths.js';
import type { Services } from '../core/services.js';
import { storageStore } from '../runtime/storage-access.js';
import { reloadCertificate } from '../tls/manage.js';
import { certificateSink } from '../tls/sink.js';
import { movePair } from '../tls/store.js';
import { SETTING_PREFIX } from '../store/setting-keys.js';

export async function renameApp(s: Services, from: string, to: string, out: Output): Promise<void> {
  requireApp(s, from);
  validateAppName(to);
  if (s.store.apps.get(to)) throw new UserError(`app ${to} already exists`);
  checkDefaultAddressFree(s, to);
  const release = await s.locks.acquire(from, { onWait: () => out.step(`waiting for the deploy of ${from} to finish`) });
  let old: { id: string }[] = [];
  try {
    const inst = s.store.instance;
    old = await s.docker.listContainers(appLabels(inst, from));
    // By tag, not label: an image keeps the label of the name it was built under.
    for (const tag of await s.docker.listTags(imageRepo(inst, from))) {
      await s.docker.tagImage(tag, imageRepo(inst, to), tag.slice(tag.lastIndexOf(':') + 1));
      await s.docker.removeImage(tag);
    }
    s.store.apps.rename(from, to, { from: `${imageRepo(inst, from)}:`, to: `${imageRepo(inst, to)}:` });
    s.store.credentials.renameApp(from, to);
    storageStore(s).renameApp(from, to);
    await move(paths.repo(s.settings.home, from), paths.repo(s.settings.home, to));
    await installHooks(paths.repo(s.settings.home, to), s.settings.socketPath);
    await move(paths.logs(s.settings.home, from), paths.logs(s.settings.home, to)).catch(() => undefined);
    await s.docker.removeVolume(cacheVolumeName(s.store.instance, from));
    await s.router.removeRoute(from);
    // The certificate follows; it serves whichever of its names the app still has (its own domains).
    if (await movePair(s.settings.home, from, to)) {
      await certificateSink(s).setHttpsRedirect(from, false);
      await certificateSink(s).removeCertificate(from);
      await reloadCertificate(s, to);
    }
  } finally {
    release();
  }
  out.step(`Renamed ${from} to ${to}`);
  try {
    if (s.store.apps.currentDeploy(to) !== null) await restartApp(s, to, out, `rename from ${from}`);
  } finally {
    // The old name's containers serve no route any more, whether or not the new ones started.
    for (const c of old) await s.docker.removeContainer(c.id);
    await removeAppNetworks(s.docker, s.store.instance, from).catch((err: unknown) => s.log({ event: 'network-remove-failed', app: from, error: String(err) }));
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
      if (!key.startsWith(SETTING_PREFIX.cache)) s.store.settings.set(to, key, value);
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
