import type { ContainerInfo, Docker } from '../docker.js';
import type { Log } from '../core/log.js';
import type { Router, Upstream } from '../router/index.js';
import { webEndpoint } from './endpoint.js';
import { LABEL } from '../docker/labels.js';

/**
 * Retires containers the router no longer sends new requests to: waits for
 * their in-flight requests (up to the drain deadline), then stops (SIGTERM,
 * then SIGKILL after the stop timeout) and removes them.
 */
export async function retire(
  containers: ContainerInfo[],
  deps: { docker: Docker; router: Router; instance: string; log: Log; drainTimeoutMs: number; stopTimeoutSeconds: number },
): Promise<void> {
  const upstreams: Upstream[] = [];
  for (const c of containers) {
    if (c.labels[LABEL.process] !== 'web' || c.state !== 'running') continue;
    const endpoint = await webEndpoint(deps.docker, deps.instance, c);
    if (endpoint) upstreams.push(endpoint);
  }
  const drained = upstreams.length ? await deps.router.drain(upstreams, deps.drainTimeoutMs) : true;
  for (const c of containers) {
    await deps.docker.stopContainer(c.id, deps.stopTimeoutSeconds);
    await deps.docker.removeContainer(c.id);
  }
  deps.log({ event: 'retired', app: containers[0]?.labels[LABEL.app], containers: containers.map((c) => c.name), drained });
}
