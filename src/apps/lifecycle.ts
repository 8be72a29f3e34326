import { mkdir, rm, stat } from 'node:fs/promises';
import { globalDomains } from '../deploy/hosts.js';
import { NotFoundError, UserError } from '../core/errors.js';
import { defaultAddressHolder } from './hostnames.js';
import { initBare } from '../git.js';
import { installHooks } from '../hooks/install.js';
import { validateAppName } from './names.js';
import { paths } from '../core/paths.js';
import type { Services } from '../core/services.js';
import { ensureAppNetwork, removeAppNetworks } from './network.js';
import { appLabels, imageRepo } from '../docker/labels.js';
import { forgetCertificate } from '../tls/manage.js';
import { removeSwarmApp } from '../scheduler/swarm/cleanup.js';

/** Creates the app's record and bare repo; false when it already existed. */
export async function createApp(s: Services, name: string): Promise<boolean> {
  validateAppName(name);
  checkDefaultAddressFree(s, name);
  const repo = paths.repo(s.settings.home, name);
  if (!(await exists(repo))) {
    await mkdir(paths.repos(s.settings.home), { recursive: true });
    await initBare(repo);
  }
  await installHooks(repo, s.settings.socketPath);
  const created = s.store.apps.create(name);
  await ensureAppNetwork(s.docker, s.store.instance, name);
  if (created) s.log({ event: 'app-created', app: name });
  return created;
}

/** An app's default address (APP.GLOBAL) must not already be another app's custom domain. */
export function checkDefaultAddressFree(s: Services, name: string): void {
  const held = defaultAddressHolder(name, globalDomains(s), (d) => s.store.domains.owner(d));
  if (held) throw new UserError(`cannot use the name ${name}: its address ${held.host} is a domain of app ${held.app}`);
}

export function requireApp(s: Services, name: string): void {
  validateAppName(name);
  if (!s.store.apps.get(name)) throw new NotFoundError(`App ${name} does not exist`);
}

/**
 * Removes everything of an app: route, containers, images, volumes,
 * network, repo, logs and records. Takes the deploy lock so it never races a deploy.
 */
export async function destroyApp(s: Services, name: string, onWait?: () => void): Promise<void> {
  requireApp(s, name);
  const release = await s.locks.acquire(name, { onWait });
  try {
    await s.router.removeRoute(name);
    await forgetCertificate(s, name);
    const labels = appLabels(s.store.instance, name);
    await removeSwarmApp(s.docker, s.store.instance, name);
    for (const c of await s.docker.listContainers(labels)) await s.docker.removeContainer(c.id);
    // Tags by name (a renamed app's images still carry its old label), then the app's dangling build layers.
    for (const tag of await s.docker.listTags(imageRepo(s.store.instance, name))) await s.docker.removeImage(tag).catch(() => undefined);
    for (const id of await s.docker.listDanglingImages(labels)) await s.docker.removeImage(id).catch(() => undefined);
    for (const volume of await s.docker.listVolumes(labels)) await s.docker.removeVolume(volume);
    await removeAppNetworks(s.docker, s.store.instance, name);
    await rm(paths.repo(s.settings.home, name), { recursive: true, force: true });
    await rm(paths.logs(s.settings.home, name), { recursive: true, force: true });
    s.store.apps.remove(name);
    s.store.credentials.forgetApp(name);
    s.log({ event: 'app-destroyed', app: name });
  } finally {
    release();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
