/** Removing an app's engine objects from a swarm (apps:destroy). */
import { setTimeout as delay } from 'node:timers/promises';
import type { Docker } from '../../docker.js';
import { appLabels } from '../../docker/labels.js';
import { overlayName } from './spec.js';

const NETWORK_FREE_MS = 60_000;

/**
 * Removes every service of the app (processes, jobs, runs) and its overlay
 * network, which Swarm frees only once the tasks' containers are gone. An
 * engine that is no swarm manager has none: nothing to do.
 */
export async function removeSwarmApp(docker: Docker, instance: string, app: string): Promise<void> {
  const services = await docker.swarm.services(appLabels(instance, app)).catch((err: unknown) => {
    if ((err as { statusCode?: number } | null)?.statusCode === 503) return undefined;
    throw err;
  });
  if (!services) return;
  for (const s of services) await docker.swarm.removeService(s.name);
  const network = overlayName(instance, app);
  const deadline = Date.now() + NETWORK_FREE_MS;
  // Removed once no task holds it, and gone from the engine's list (which lags behind a removal) before returning.
  while ((await docker.networks.list(appLabels(instance, app))).includes(network)) {
    await docker.networks.remove(network).catch(() => undefined);
    if (Date.now() >= deadline) throw new Error(`the swarm still holds the network ${network} after ${NETWORK_FREE_MS / 1000}s`);
    await delay(250);
  }
}
