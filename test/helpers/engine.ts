import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Docker } from '../../src/docker.js';
import { instanceLabels } from '../../src/docker/labels.js';

/** A fresh temporary directory (a berth home, a work tree). */
export function tmpHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'berth-t-'));
}

/**
 * Force-removes every container, image, volume and network labelled
 * `berth.instance=<instance>`, containers first so their images, volumes
 * and networks are free. Things already gone (another cleanup won the race) are fine.
 */
export async function cleanupEngine(docker: Docker, instance: string): Promise<void> {
  const labels = instanceLabels(instance);
  for (const c of await docker.listContainers(labels)) await tolerate(docker.removeContainer(c.id));
  for (const i of await docker.listImages(labels)) await tolerate(docker.removeImage(i.id, true));
  for (const v of await docker.listVolumes(labels)) await tolerate(docker.removeVolume(v));
  for (const n of await docker.networks.list(labels)) await tolerate(docker.networks.remove(n));
}

// 404s are already ignored by src/docker.ts; 409 means removal is in progress elsewhere.
async function tolerate(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as { statusCode?: number } | null)?.statusCode !== 409) throw err;
  }
}
