/**
 * The registry a swarm pulls from (`registry:set`): where berth pushes an
 * app's image and the name every node pulls it by. Pure apart from reading
 * the settings.
 */
import type { RegistryAuth } from '../../docker/swarm.js';
import { UserError } from '../../core/errors.js';
import { SETTING } from '../../store/setting-keys.js';

export interface RegistrySettings {
  server: string;
  auth: RegistryAuth;
}

/** The app's registry, else the global one; credentials go with the server they were set beside. */
export function registryOf(get: (key: string) => { app?: string; global?: string }): RegistrySettings {
  const server = get(SETTING.registryServer);
  const scope = server.app ? 'app' : 'global';
  const value = server[scope];
  if (!value) throw new UserError('the swarm scheduler needs a registry every node can pull from: registry:set --global server HOST:PORT');
  const username = get(SETTING.registryUsername)[scope];
  const password = get(SETTING.registryPassword)[scope];
  return { server: value, auth: username ? { username, password: password ?? '', serveraddress: value } : {} };
}

/** `berth-INSTANCE/APP:TAG` → the same repository and tag under the registry. */
export function pushTarget(server: string, tag: string): { repo: string; tag: string } {
  const at = tag.lastIndexOf(':');
  return { repo: `${server}/${tag.slice(0, at)}`, tag: tag.slice(at + 1) };
}

/** The name every node pulls: `SERVER/REPO@sha256:…`. */
export function digestRef(target: { repo: string }, digest: string): string {
  return `${target.repo}@${digest}`;
}

/** `HOST:PORT` or `HOST`: a registry address, nothing else (no scheme, no path). */
export function checkServer(value: string): void {
  if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$/.test(value)) throw new UserError(`registry server must be HOST or HOST:PORT, not ${value}`);
}
