/**
 * A one-shot job on the swarm (a release task, a `run`): a replicated-job
 * service, its output streamed while it runs, its exit code read from its
 * task, the service removed at the end whatever happened.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Docker } from '../../docker.js';
import type { RegistryAuth } from '../../docker/swarm.js';
import type { ServiceSpec } from './spec.js';
import { jobOutcome } from './tasks.js';

const POLL_MS = 250;

export async function runJob(docker: Docker, spec: ServiceSpec, auth: RegistryAuth, onLine: (line: string) => void, signal?: AbortSignal): Promise<{ exitCode: number; reason?: string }> {
  const swarm = docker.swarm;
  // A job of the same name left by a daemon that died mid-deploy.
  await swarm.removeService(spec.Name);
  await swarm.createService(spec, auth);
  const following = new AbortController();
  try {
    let printed = 0;
    const follow = swarm.logs(spec.Name, { follow: true }, (line) => (printed++, onLine(line)), following.signal).catch(() => undefined);
    let outcome = jobOutcome(await swarm.serviceTasks(spec.Name));
    while (!outcome.done) {
      signal?.throwIfAborted();
      await delay(POLL_MS, undefined, { signal });
      outcome = jobOutcome(await swarm.serviceTasks(spec.Name));
    }
    following.abort();
    await follow;
    // Lines that reached the engine after the stream was cut.
    let seen = 0;
    await swarm.logs(spec.Name, { follow: false }, (line) => (seen++ >= printed ? onLine(line) : undefined)).catch(() => undefined);
    return outcome;
  } finally {
    following.abort();
    await swarm.removeService(spec.Name).catch(() => undefined);
  }
}
