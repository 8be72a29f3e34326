import type { ContainerSpec } from '../docker.js';
import { networkName, runContainerName, runLabels } from '../docker/labels.js';
import { applyFragment } from '../runtime/fragment.js';
import type { OneOffRun } from './types.js';

/**
 * A `run` container on the app's network: the command as argv, not through a
 * shell (the image may have none); detached ones remove themselves on exit.
 * `suffix` is the random part of its name.
 */
export function oneOffSpec(instance: string, run: OneOffRun, opts: { suffix: string; detached: boolean }): ContainerSpec {
  return applyFragment(
    {
      name: runContainerName(instance, run.app, opts.suffix),
      Image: run.image.digest ?? run.image.tag,
      Cmd: run.command,
      Env: Object.entries(run.env).map(([k, v]) => `${k}=${v}`),
      Labels: runLabels(instance, run.app),
      HostConfig: { NetworkMode: networkName(instance, run.app), AutoRemove: opts.detached, RestartPolicy: { Name: 'no' } },
    },
    run.runtime,
  );
}
