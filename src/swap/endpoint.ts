/**
 * Where the router reaches a web container: its address on the app's own
 * network at the container's port, the way Dokku's nginx reaches it. Going
 * around docker-proxy matters beyond its cost: a process that dies then
 * refuses connections itself, which HAProxy sees as a failed connection
 * (and retries elsewhere), where docker-proxy would accept and hang up, an
 * empty answer HAProxy cannot tell from a slow one.
 */
import type { Docker } from '../docker.js';
import { LABEL, networkName } from '../docker/labels.js';
import type { Upstream } from '../router/index.js';
import { webPortOf } from './container-spec.js';

export async function webEndpoint(docker: Docker, instance: string, c: { id: string; labels: Record<string, string> }): Promise<Upstream | undefined> {
  const port = webPortOf(c.labels);
  const addresses = await docker.containerAddresses(c.id).catch((): Record<string, string> => ({}));
  const host = pickAddress(addresses, networkName(instance, c.labels[LABEL.app] ?? ''));
  if (host) return { host, port };
  // A container on the host's network (a docker option) has no address of its own: its published port, if any.
  const published = await docker.hostPort(c.id, port).catch(() => undefined);
  return published ? { host: '127.0.0.1', port: published } : undefined;
}

/** The address on the app's network, else on the first network that gave one. */
export function pickAddress(addresses: Record<string, string>, appNetwork: string): string | undefined {
  return addresses[appNetwork] || Object.values(addresses).find(Boolean);
}
